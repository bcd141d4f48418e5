// Delivers committed domain events to subscribers in this process. Every node, this one included,
// hears events through LISTEN, so each subscriber sees each event once whichever node wrote it.
// After the LISTEN connection drops and returns, the bus reads what it missed from the events table.
// Subscribers get events one at a time in the order they were heard (commit order), each once;
// only events caught up after a reconnect may arrive after newer ones. A subscriber of one type
// receives that type's event, typed; a type this node does not know (a newer node wrote it) is skipped.
import type { Logger } from 'pino';
import type { EventType } from '@frontline/shared';
import type { Database } from '../db/connect.ts';
import { RECONNECTED } from '../db/connect.ts';
import { asDomainEvent, EVENTS_CHANNEL, toDomainEvent, type DomainEvent, type StoredEvent } from './append.ts';

export type EventHandler<T extends EventType = EventType> = (event: DomainEvent<T>) => void | Promise<void>;
export type BatchHandler = (events: DomainEvent[]) => Promise<void>;

/**
 * A subscriber that takes events in batches, in the order heard: what arrives while one batch is
 * handled becomes the next. The bus hands it events without waiting, so a subscriber that reads the
 * database per batch (live fan-out) costs a few statements per batch, not per event, and never
 * holds up the bus's other subscribers.
 */
class BatchSubscriber {
  private queue: DomainEvent[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly handler: BatchHandler,
    private readonly log: Logger,
    private readonly maxBatch: number,
  ) {}

  push(event: DomainEvent): void {
    this.queue.push(event);
    this.running ??= this.drain();
  }

  /** Resolves once everything pushed so far is handled. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.handler(batch);
        } catch (error) {
          this.log.error({ err: error, events: batch.length, firstId: batch[0]!.id }, 'event batch handler failed');
        }
      }
    } finally {
      this.running = null;
    }
  }
}

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
  private readonly batchSubscribers = new Set<BatchSubscriber>();
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
    await this.settled();
  }

  /** Subscribes to one event type, or '*' for all; returns the unsubscribe function. */
  subscribe<T extends EventType>(type: T, handler: EventHandler<T>): () => void;
  subscribe(type: '*', handler: EventHandler): () => void;
  subscribe(type: EventType | '*', handler: EventHandler<never>): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    // Handlers are kept by the type they asked for, and deliver() hands each only events of that type.
    const stored = handler as EventHandler;
    set.add(stored);
    return () => set.delete(stored);
  }

  /** Subscribes to every event in batches (see BatchSubscriber); returns the unsubscribe function. */
  subscribeBatches(handler: BatchHandler, maxBatch = 500): () => void {
    const subscriber = new BatchSubscriber(handler, this.log, maxBatch);
    this.batchSubscribers.add(subscriber);
    return () => this.batchSubscribers.delete(subscriber);
  }

  /** Resolves when every event heard so far has been handled by its subscribers (for tests and shutdown). */
  async settled(): Promise<void> {
    await this.queue;
    await Promise.all([...this.batchSubscribers].map((subscriber) => subscriber.idle()));
  }

  private schedule(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((error: unknown) => this.log.error({ err: error }, 'delivering events failed'));
  }

  private async onNotify(payload: string): Promise<void> {
    let notified: (StoredEvent & { truncated?: undefined }) | { id: number; truncated: true };
    try {
      notified = JSON.parse(payload) as typeof notified;
    } catch {
      this.log.warn('ignored an event notification that is not JSON');
      return;
    }
    if (notified.truncated) {
      const full = await this.load(notified.id, notified.id);
      if (full[0]) await this.deliver(full[0]);
      return;
    }
    const event = asDomainEvent(notified);
    if (event) await this.deliver(event);
    else this.skip(notified);
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
    const events: DomainEvent[] = [];
    for (const row of await query.execute()) {
      const event = toDomainEvent(row);
      if (event) events.push(event);
      else this.skip(row);
    }
    return events;
  }

  /** A type missing from this node's catalogue: no subscriber could be typed for it. */
  private skip(stored: { id: number; type: string }): void {
    if (this.delivered.has(stored.id)) return;
    this.remember(stored.id);
    this.log.warn({ eventId: stored.id, type: stored.type }, 'skipped an event of a type this node does not know');
  }

  private remember(id: number): void {
    this.delivered.add(id);
    if (this.delivered.size > REMEMBERED) this.delivered.delete(this.delivered.values().next().value!);
    if (id > this.lastId) this.lastId = id;
  }

  private async deliver(event: DomainEvent): Promise<void> {
    if (this.delivered.has(event.id)) return;
    this.remember(event.id);
    for (const subscriber of this.batchSubscribers) subscriber.push(event);
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
