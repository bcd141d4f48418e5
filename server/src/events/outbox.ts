// The transactional outbox: the statement that stores events also enqueues one job per durable
// reaction subscribed to each event's type, so the work exists exactly when the event committed.
// The subscriptions are a table written at boot from the feature manifest (writeSubscriptions).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { JOBS_CHANNEL } from '../jobs/queue.ts';

/** A reaction's jobs are of kind `reaction:<name>`. */
export const REACTION_JOB_PREFIX = 'reaction:';
export const reactionJobKind = (reaction: string): string => `${REACTION_JOB_PREFIX}${reaction}`;

/**
 * A CTE for the event INSERT's WITH clause (its inserted rows are the CTE `e`): one job per event
 * and subscribed reaction, in event order, so ids (and so per-ticket order) follow the events.
 * Literals only, no parameters: the caller's statement is sized by its parameter count.
 */
export const reactionJobsCte = sql`, reaction_jobs AS (
      INSERT INTO jobs (kind, payload, order_key, max_attempts)
      SELECT ${sql.lit(REACTION_JOB_PREFIX)} || s.reaction, jsonb_build_object('eventId', e.id),
        CASE WHEN s.ordered AND e.ticket_id IS NOT NULL THEN 'ticket:' || e.ticket_id END, s.max_attempts
      FROM e JOIN reaction_subscriptions s ON s.event_type = e.type AND e.payload @> s.payload_filter
      ORDER BY e.id, s.reaction
      RETURNING kind
    )`;

/** A select-list column that wakes the runners of the kinds just enqueued (NOTIFY is sent at commit, once per kind). */
export const wakeReactionRunners = sql`(SELECT count(pg_notify(${sql.lit(JOBS_CHANNEL)}, kind)) FROM (SELECT DISTINCT kind FROM reaction_jobs) AS k) AS reactions_woken`;

export interface Subscription {
  eventType: string;
  reaction: string;
  ordered: boolean;
  maxAttempts: number;
  /** Payload fields an event must have for a job (jsonb containment); {} for every event. */
  filter: Record<string, unknown>;
}

/**
 * Makes the table say what this node's manifest says: subscriptions of reactions no longer in it
 * go, new ones come, changed ones change. Safe when several nodes boot at once.
 */
export async function writeSubscriptions(db: Kysely<DB>, subscriptions: Subscription[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const keep = subscriptions.map((s) => sql`(${s.eventType}, ${s.reaction})`);
    await tx
      .deleteFrom('reaction_subscriptions')
      .$if(keep.length > 0, (query) => query.where(sql<boolean>`(event_type, reaction) NOT IN (${sql.join(keep)})`))
      .execute();
    if (subscriptions.length === 0) return;
    await tx
      .insertInto('reaction_subscriptions')
      .values(subscriptions.map((s) => ({ event_type: s.eventType, reaction: s.reaction, ordered: s.ordered, max_attempts: s.maxAttempts, payload_filter: JSON.stringify(s.filter) as unknown as Record<string, unknown> })))
      .onConflict((oc) =>
        oc.columns(['event_type', 'reaction']).doUpdateSet((eb) => ({ ordered: eb.ref('excluded.ordered'), max_attempts: eb.ref('excluded.max_attempts'), payload_filter: eb.ref('excluded.payload_filter') })),
      )
      .execute();
  });
}
