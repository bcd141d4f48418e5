// The inbound pipeline in the manifest: the unprocessed view's routes, a received message's raw
// source, and the jobs that turn a stored raw item into a message (one kind for live conversations).
import type { Feature } from '../feature.ts';
import { inboxRoutes } from './routes.ts';
import { messageSourceRoutes } from './source-routes.ts';
import { INBOX_CONVERSATION_JOB, INBOX_PROCESS_JOB } from './receive.ts';
import { INBOX_BATCH_SIZE, processInboxJobs } from './process.ts';

export const inboxFeature: Feature = {
  name: 'inbox',
  routes: [inboxRoutes, messageSourceRoutes],
  jobs: [
    { kind: INBOX_PROCESS_JOB, batchSize: INBOX_BATCH_SIZE, concurrency: (config) => config.inboxConcurrency, run: processInboxJobs },
    { kind: INBOX_CONVERSATION_JOB, batchSize: INBOX_BATCH_SIZE, concurrency: (config) => config.inboxConversationConcurrency, run: processInboxJobs },
  ],
};
