// Delivers committed domain events to subscribers in this process. Every node, this one included,
// hears events through LISTEN, so each subscriber sees each event once whichever node wrote it.
// After the LISTEN connection drops and returns, the bus reads what it missed from the events table.
import type { Logger } from 'pino';
import type { Database } from '../db/connect.ts';
import { RECONNECTED } from '../db/connect.ts';
import { EVENTS_CHANNEL, type DomainEvent } from './append.ts';

export type EventHandler = (event: DomainEvent) => void | Promise<void>;

export class EventBus {
  private readonly handlers = new Map<string, Set<EventHandler>>();
  private unlisten: Array<() => Promise<void>> = [];
  private lastId = 0;
  private catchingUp: Promise<void> | undefined;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const latest = await this.database.db.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    this.lastId = Number(latest?.id ?? 0);
    this.unlisten.push(await this.database.listen(EVENTS_CHANNEL, (payload) => void this.onNotify(payload)));
    this.unlisten.push(await this.database.listen(RECONNECTED, () => void this.catchUp()));
  }

  async stop(): Promise<void> {
    for (const unlisten of this.unlisten) await unlisten();
    this.unlisten = [];
    await this.catchingUp;
  }

  /** Subscribes to one event type, or '*' for all; returns the unsubscribe function. */
  subscribe(type: string, handler: EventHandler): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
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

  private catchUp(): Promise<void> {
    this.catchingUp ??= (async () => {
      try {
        for (const event of await this.load(this.lastId + 1)) await this.deliver(event);
      } finally {
        this.catchingUp = undefined;
      }
    })();
    return this.catchingUp;
  }

  private async load(fromId: number, toId?: number): Promise<DomainEvent[]> {
    let query = this.database.db.selectFrom('events').selectAll().where('id', '>=', fromId).orderBy('id').limit(10_000);
    if (toId !== undefined) query = query.where('id', '<=', toId);
    return (await query.execute()).map((row) => ({
      id: row.id,
      type: row.type,
      ticketId: row.ticket_id,
      actorAgentId: row.actor_agent_id,
      payload: row.payload,
      createdAt: row.created_at.toISOString(),
    }));
  }

  private async deliver(event: DomainEvent): Promise<void> {
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
