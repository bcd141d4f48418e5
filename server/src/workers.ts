// Background work of this node: the durable job runner and the channel adapters' handlers.
import type { Context } from './context.ts';

export interface Workers {
  stop(): Promise<void>;
}

export function startWorkers(_ctx: Context): Workers {
  return { async stop() {} };
}
