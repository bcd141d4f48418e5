// The outbound pipeline in the manifest: the failed-delivery routes, the delivery job, the reactions
// that queue it for each new public reply and fail a bounced message, and (node local) trying
// replies that wait for a relay at once when its mailbox's settings change.
import type { Feature } from '../feature.ts';
import { outboundRoutes } from './routes.ts';
import { OUTBOUND_DELIVER_JOB } from './deliver.ts';
import { OUTBOUND_BATCH_SIZE, deliverBatch, releaseRelay } from './relay-gate.ts';
import { queueDelivery, recordBounce } from './on-events.ts';
import { relayKeyOfMailbox } from '../channels/email/outbound.ts';

export const outboundFeature: Feature = {
  name: 'outbound',
  routes: [outboundRoutes],
  // Deliveries have slots of their own (OUTBOUND_CONCURRENCY), so a relay that hangs never holds inbound mail's.
  jobs: [{ kind: OUTBOUND_DELIVER_JOB, batchSize: OUTBOUND_BATCH_SIZE, concurrency: (config) => config.outboundConcurrency, run: deliverBatch }],
  reactions: [queueDelivery, recordBounce],
  start(ctx) {
    // New relay settings: replies waiting for the old relay are tried with them at once.
    const off = ctx.events.subscribe('mailbox.updated', async (event) => {
      if (typeof event.payload.mailboxId === 'number') await releaseRelay(ctx, relayKeyOfMailbox(event.payload.mailboxId));
    });
    return { stop: off };
  },
};
