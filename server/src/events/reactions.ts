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
import { anyOf } from '../db/bulk.ts';
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
   * Payload fields an event must have to get a job (`{ direction: 'outbound' }`): the event INSERT
   * checks it (jsonb containment), so the events the reaction would ignore cost nothing. The
   * handler gets only such events; it may still check, as the types do not say so.
   */
  when?: Readonly<Record<string, string | number | boolean>>;
  /**
   * Writes through ctx.tx commit with the receipt, exactly once. Work outside the database
   * (mail, webhooks) is at least once: enqueue a job of its own in ctx.tx, or make it idempotent.
   */
  handle(ctx: ReactionContext, event: DomainEvent): Promise<void>;
  /**
   * Optional: the same as `handle` for each event, for many at once (a storm's tickets), in one
   * transaction with all their receipts. Events come in id order, never two of one ticket for a
   * `perTicket` reaction. If it throws, each of the jobs is run alone with `handle`, so one bad
   * event fails only its own job.
   */
  handleMany?(ctx: ReactionBatchContext, events: DomainEvent[]): Promise<void>;
}

export interface ReactionBatchContext extends Context {
  tx: Kysely<DB>;
  jobs: JobInfo[];
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
    [...new Set(reaction.on)].map((eventType) => ({ eventType, reaction: reaction.name, ordered: reaction.perTicket === true, maxAttempts: reaction.maxAttempts ?? DEFAULT_REACTION_ATTEMPTS, filter: { ...reaction.when } })),
  );
}

/** Writes the subscriptions for these reactions and gives the runner a handler for each one's jobs. */
export async function installReactions(ctx: Context, runner: JobRunner, reactions: readonly Reaction[]): Promise<void> {
  await writeSubscriptions(ctx.db, subscriptionsOf(reactions));
  for (const reaction of reactions) {
    runner.registerBatch(reactionJobKind(reaction.name), REACTION_BATCH, async (jobs) => {
      const failures = new Map<number, unknown>();
      if (reaction.handleMany && jobs.length > 1) {
        try {
          await runReactions(ctx, reaction, jobs);
          return failures;
        } catch (error) {
          ctx.log.warn({ err: error, reaction: reaction.name, jobs: jobs.length }, 'a batch of reaction jobs failed; running each alone');
        }
      }
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

/** Many jobs of one reaction: their receipts, their events read back, `handleMany`; all in one transaction. */
async function runReactions(ctx: Context, reaction: Reaction, jobs: BatchJob[]): Promise<void> {
  const eventIds = new Map(jobs.map((job) => [job.info.id, idIn(job.payload, 'eventId')]));
  await ctx.db.transaction().execute(async (tx) => {
    const receipts = await tx
      .insertInto('reaction_receipts')
      .values(jobs.map((job) => ({ job_id: job.info.id })))
      .onConflict((oc) => oc.column('job_id').doNothing())
      .returning('job_id')
      .execute();
    const wanted = [...new Set(receipts.map((receipt) => eventIds.get(receipt.job_id)!))];
    if (!wanted.length) return;
    const rows = await tx.selectFrom('events').selectAll().where('id', '=', anyOf(wanted, 'bigint')).orderBy('id').execute();
    if (rows.length !== wanted.length) throw new Error(`events ${wanted.filter((id) => !rows.some((row) => row.id === id)).join(', ')} are not stored`);
    const stray = rows.find((row) => !(reaction.on as string[]).includes(row.type));
    if (stray) throw new Error(`reaction ${reaction.name} does not take ${stray.type} events`);
    const received = new Set(receipts.map((receipt) => receipt.job_id));
    await reaction.handleMany!({ ...ctx, db: tx, tx, jobs: jobs.filter((job) => received.has(job.info.id)).map((job) => job.info) }, rows.map(storedEvent));
  });
}
