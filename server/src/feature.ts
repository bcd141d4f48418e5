// The shape every feature exports from its feature.ts: its HTTP routes, durable job kinds,
// durable reactions and node-local parts. features.ts lists them; http/app.ts and workers.ts
// register from that one list, so a new feature touches its own folder and one line there.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import type { Context } from './context.ts';
import type { BatchJobHandler, JobRunner } from './jobs/runner.ts';
import type { Reaction } from './events/reactions.ts';
import type { SmtpReceiver } from './channels/email/smtp-receiver.ts';
import type { ImapPoller } from './channels/email/imap-poller.ts';

/** A route plugin mounted under /api/v1 (its paths, auth and rate limits are its own). */
export type FeatureRoutes = FastifyPluginAsyncTypebox<{ ctx: Context }>;

export interface JobKind {
  kind: string;
  /** First attempts one handler call may take together (default 1). */
  batchSize?: number;
  /** Handler calls of this kind at once on a node, from the configuration (default: the shared pool). */
  concurrency?: (config: Config) => number;
  run(ctx: Context, jobs: Parameters<BatchJobHandler>[0]): ReturnType<BatchJobHandler>;
}

/** What a node exposes of its node-local parts (the operator's log line, tests). */
export interface NodeServices {
  smtp: { receiver: SmtpReceiver; port: number };
  imap: ImapPoller;
}

export interface NodePart {
  services?: Partial<NodeServices>;
  /** Stops taking work in (listeners, subscriptions, pollers); runs before the job runner stops. */
  stop?(): Promise<void> | void;
  /** Releases what running jobs may still use (connection pools); runs after the job runner stopped. */
  close?(): Promise<void> | void;
}

export interface Feature {
  name: string;
  /** Mounted under /api/v1 in the order of the manifest, then the order given. */
  routes?: readonly FeatureRoutes[];
  /** Pages people read without the web app (a contact form's hosted page), mounted at the root. */
  pages?: readonly FeatureRoutes[];
  /** Durable job kinds every node with JOBS on runs. */
  jobs?: readonly JobKind[];
  /** Durable reactions to events (the feature's on-events.ts). */
  reactions?: readonly Reaction[];
  /**
   * Node-local work started on every node after the job kinds are registered, in manifest order:
   * channel adapters, in-memory bus subscriptions, listeners and pollers. Stopped in reverse order.
   */
  start?(ctx: Context, runner: JobRunner): Promise<NodePart | void> | NodePart | void;
}
