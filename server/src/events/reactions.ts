// Durable reactions: what a feature does when something happens, declared in its on-events.ts
// and run as jobs that the event's own INSERT enqueued (events/outbox.ts). Each job runs its
// handler in a transaction that also writes a receipt, so the handler's writes happen once even
// when the job is run again (its node died after the commit but before recording the outcome).
import type { Kysely } from 'kysely';
import type { EventType } from '@frontline/shared';
import type { Context } from '../context.ts';
import type { DB } from '../db/tables.ts';
import type { BatchJob, JobInfo, JobRunner } from '../jobs/runner.ts';
import { idIn } from '../jobs/payload.ts';
import { storedEvent, type DomainEvent } from './append.ts';
import { reactionJobKind, writeSubscriptions, type Subscription } from './outbox.ts';

/** What a handler is given: the node's context, with `db` and `tx` being the reaction's transaction. */
export interface ReactionContext extends Context {
  tx: Kysely<DB>;
  job: JobInfo;
}

export interface Reaction {
  /** Stable and unique (`<feature>.<what it does>`): it names the jobs and the subscriptions. */
  name: string;
  /** The event types it applies to. */
  on: readonly EventType[];
  /**
   * Per-ticket order: its job for a ticket does not start while an earlier job of this reaction
   * for the same ticket is pending or running (a dead one no longer holds the line).
   */
  perTicket?: boolean;
  /** Attempts before the job is dead (held, shown in the admin screens); default 5. */
  maxAttempts?: number;
  /**
   * Writes through ctx.tx commit with the receipt, exactly once. Work outside the database
   * (mail, webhooks) is at least once: enqueue a job of its own in ctx.tx, or make it idempotent.
   */
  handle(ctx: ReactionContext, event: DomainEvent): Promise<void>;
}

export const DEFAULT_REACTION_ATTEMPTS = 5;
/** Reaction jobs a handler call takes together (each in its own transaction): one claim per batch. */
const REACTION_BATCH = 16;
const NAME = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/;

export function subscriptionsOf(reactions: readonly Reaction[]): Subscription[] {
  const names = new Set<string>();
  for (const reaction of reactions) {
    if (!NAME.test(reaction.name)) throw new Error(`the reaction name "${reaction.name}" must read <feature>.<what>, lower case`);
    if (names.has(reaction.name)) throw new Error(`two reactions are named "${reaction.name}"`);
    names.add(reaction.name);
    if (reaction.on.length === 0) throw new Error(`the reaction "${reaction.name}" applies to no event type`);
  }
  return reactions.flatMap((reaction) =>
    [...new Set(reaction.on)].map((eventType) => ({ eventType, reaction: reaction.name, ordered: reaction.perTicket === true, maxAttempts: reaction.maxAttempts ?? DEFAULT_REACTION_ATTEMPTS })),
  );
}

/** Writes the subscriptions for these reactions and gives the runner a handler for each one's jobs. */
export async function installReactions(ctx: Context, runner: JobRunner, reactions: readonly Reaction[]): Promise<void> {
  await writeSubscriptions(ctx.db, subscriptionsOf(reactions));
  for (const reaction of reactions) {
    runner.registerBatch(reactionJobKind(reaction.name), REACTION_BATCH, async (jobs) => {
      const failures = new Map<number, unknown>();
      for (const job of jobs) {
        try {
          await runReaction(ctx, reaction, job);
        } catch (error) {
          failures.set(job.info.id, error);
        }
      }
      return failures;
    });
  }
}

/** One job: the receipt, the stored event read back, the handler; all in one transaction. */
export async function runReaction(ctx: Context, reaction: Reaction, job: BatchJob): Promise<void> {
  const eventId = idIn(job.payload, 'eventId');
  await ctx.db.transaction().execute(async (tx) => {
    // A concurrent attempt's receipt makes this insert wait for its transaction: then nothing, or ours.
    const receipt = await tx.insertInto('reaction_receipts').values({ job_id: job.info.id }).onConflict((oc) => oc.column('job_id').doNothing()).returning('job_id').executeTakeFirst();
    if (!receipt) return;
    const row = await tx.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirst();
    if (!row) throw new Error(`event ${eventId} is not stored`);
    // The job exists because a reaction of this name subscribed to the row's type; the event was
    // written from a typed NewEvent, so it is taken as the type the reaction declared.
    if (!(reaction.on as string[]).includes(row.type)) throw new Error(`reaction ${reaction.name} does not take ${row.type} events`);
    await reaction.handle({ ...ctx, db: tx, tx, job: job.info }, storedEvent(row));
  });
}
