// What one benchmark run measured, per database.
import type { ExplainResult } from './explain.ts';
import type { GenerationStep } from './generate.ts';
import type { Latency } from './http-client.ts';
import type { LoadResult } from './load.ts';
import type { TargetKind } from './targets.ts';

export interface ColdStart {
  label: string;
  readyMs: number;
  rssMb: number;
}

export interface ViewTiming {
  name: string;
  path: string;
  latency: Latency;
  /** For searches: how many tickets the words find. */
  matches?: number;
  /** The p99 the issue asks for on PostgreSQL at a million tickets, when it sets one. */
  targetMs?: number;
}

export interface TargetResult {
  kind: TargetKind;
  version: string;
  size: { tickets: number; messages: number };
  cold: ColdStart[];
  /** The write path (write-path.ts), GET /api/v1/me first: the baseline the others are compared with. */
  loads?: LoadResult[];
  rss?: { beforeMb: number; afterMb: number };
  generation?: { totalMs: number; steps: GenerationStep[] };
  busyAgent?: { email: string; activeTickets: number };
  views: ViewTiming[];
  rssAfterQueriesMb?: number;
  plans: ExplainResult[];
  error?: string;
}

export interface Machine {
  date: string;
  cores: number;
  cpu: string;
  memory: string;
  node: string;
  postgres: string;
  /** os.loadavg() (1, 5, 15 minutes) when the run started and ended: other work on the machine. */
  loadAtStart: number[];
  loadAtEnd?: number[];
}

export interface RunSettings {
  quick: boolean;
  loadDurationS: number;
  loadConnections: number;
  requestsPerView: number;
  sizes: Record<TargetKind, { tickets: number; messages: number }>;
}
