// Delivers committed domain events to subscribers in this process. Every node, this one included,
// hears events through LISTEN, so each subscriber sees each event once whichever node wrote it.
// After the LISTEN connection drops and returns, the bus reads what it missed from the events table.
// Subscribers get events one at a time in the order they were heard (commit order), each once;
// only events caught up after a reconnect may arrive after newer ones.
import type { Logger } from 'pino';
import type { Database } from '../db/connect.ts';
import { RECONNECTED } from '../db/connect.ts';
import { EVENTS_CHANNEL, toDomainEvent, type DomainEvent } from './append.ts';

export type EventHandler = (event: DomainEvent) => void | Promise<void>;

/** How many delivered ids are remembered, so an event heard twice (NOTIFY and catch-up) is delivered once. */
const REMEMBERED = 10_000;
/**
 * Catch-up rereads this many ids below the highest delivered one: ids are taken at insert but
 * NOTIFY arrives at commit, so a lower id can commit after a higher one.
 */
const CATCH_UP_WINDOW = 1_000;
const PAGE = 10_000;

export class EventBus {
  private readonly handlers = new Map<string, Set<EventHandler>>();
  private unlisten: Array<() => Promise<void>> = [];
  /** Catching up never reaches below this id: what happened before the bus started is not news. */
  private startId = 0;
  private lastId = 0;
  private readonly delivered = new Set<number>();
  /** Deliveries run one after another, in the order notifications arrived. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    // Listen before reading the high-water mark, so an event committed in between is heard, not lost.
    this.unlisten.push(await this.database.listen(EVENTS_CHANNEL, (payload) => this.schedule(() => this.onNotify(payload))));
    this.unlisten.push(await this.database.listen(RECONNECTED, () => this.schedule(() => this.catchUp())));
    const latest = await this.database.db.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    this.startId = Number(latest?.id ?? 0) + 1;
    this.lastId = Math.max(this.lastId, this.startId - 1);
  }

  async stop(): Promise<void> {
    for (const unlisten of this.unlisten) await unlisten();
    this.unlisten = [];
    await this.queue;
  }

  /** Subscribes to one event type, or '*' for all; returns the unsubscribe function. */
  subscribe(type: string, handler: EventHandler): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Resolves when every event heard so far has been handed to its subscribers (for tests and shutdown). */
  settled(): Promise<void> {
    return this.queue;
  }

  private schedule(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((error: unknown) => this.log.error({ err: error }, 'delivering events failed'));
  }

  private async onNotify(payload: string): Promise<void> {
    let event: DomainEvent & { truncated?: boolean };
    try {
      event = JSON.parse(payload) as DomainEvent & { truncated?: boolean };
    } catch {
      this.log.warn('ignored an event notification that is not JSON');
      return;
    }
    if (event.truncated) {
      const full = await this.load(event.id, event.id);
      if (full[0]) await this.deliver(full[0]);
      return;
    }
    await this.deliver(event);
  }

  private async catchUp(): Promise<void> {
    let from = Math.max(this.startId, this.lastId - CATCH_UP_WINDOW);
    for (;;) {
      const events = await this.load(from);
      for (const event of events) await this.deliver(event);
      if (events.length < PAGE) return;
      from = events.at(-1)!.id + 1;
    }
  }

  private async load(fromId: number, toId?: number): Promise<DomainEvent[]> {
    let query = this.database.db.selectFrom('events').selectAll().where('id', '>=', fromId).orderBy('id').limit(PAGE);
    if (toId !== undefined) query = query.where('id', '<=', toId);
    return (await query.execute()).map(toDomainEvent);
  }

  private async deliver(event: DomainEvent): Promise<void> {
    if (this.delivered.has(event.id)) return;
    this.delivered.add(event.id);
    if (this.delivered.size > REMEMBERED) this.delivered.delete(this.delivered.values().next().value!);
    if (event.id > this.lastId) this.lastId = event.id;
    for (const key of [event.type, '*']) {
      for (const handler of this.handlers.get(key) ?? []) {
        try {
          await handler(event);
        } catch (error) {
          this.log.error({ err: error, eventId: event.id, type: event.type }, 'event handler failed');
        }
      }
    }
  }
}
