// The "test" channel: a stand-in provider for tests and demos. Inbound items are JSON
// { from: { email, name? }, subject, body, externalId?, replyToTicketId? }; outbound messages are
// recorded in memory. Both sides can be told to fail, to exercise retries and the failure views.
import { TextDecoder } from 'node:util';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import type { ChannelAdapter, DeliveryResult, InboundItem, OutboundMessage, ProcessedInbound } from '../registry.ts';
import { findOrCreateCustomer } from '../../customers/verbs.ts';
import { addMessage, createTicket } from '../../tickets/verbs.ts';

export interface TestInbound {
  from: { email: string; name?: string };
  subject: string;
  body: string;
  externalId?: string;
  replyToTicketId?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

class TestChannel implements ChannelAdapter {
  readonly channel = 'test';
  /** Every message handed to deliver that it accepted, in order. */
  readonly sent: OutboundMessage[] = [];
  /** Every delivery attempt, failed ones included. */
  readonly attempts: OutboundMessage[] = [];
  private failDeliveries = 0;
  private failProcessing = 0;
  private failure = 'the test provider refused the message';
  private hook: ((input: TestInbound) => Promise<void> | void) | undefined;

  /** The next `count` deliveries throw `reason`; Infinity for "until reset". */
  failNextDeliveries(count: number, reason = 'the test provider refused the message'): void {
    this.failDeliveries = count;
    this.failure = reason;
  }

  /** The next `count` items throw while being processed, as if the adapter had a bug. */
  failNextProcessing(count: number): void {
    this.failProcessing = count;
  }

  /** Runs before each item is processed, inside its transaction: a test can hang or stop the process there. */
  beforeProcessing(hook: ((input: TestInbound) => Promise<void> | void) | undefined): void {
    this.hook = hook;
  }

  reset(): void {
    this.hook = undefined;
    this.sent.length = 0;
    this.attempts.length = 0;
    this.failDeliveries = 0;
    this.failProcessing = 0;
  }

  async process(tx: Kysely<DB>, item: InboundItem, ctx: Context): Promise<ProcessedInbound> {
    if (this.failProcessing > 0) {
      this.failProcessing--;
      throw new Error('the test channel was told to fail processing this item');
    }
    const input = parseTestInbound(item.raw);
    await this.hook?.(input);
    const now = ctx.clock.now();
    const customer = await findOrCreateCustomer(tx, { kind: 'email', value: input.from.email, name: input.from.name }, now);
    const actor = { kind: 'customer' as const, customerId: customer.id };
    const message = { direction: 'inbound' as const, bodyText: input.body, authorCustomerId: customer.id, channel: this.channel, externalId: input.externalId ?? null };
    const result = input.replyToTicketId
      ? await addMessage(tx, input.replyToTicketId, message, actor, now)
      : await createTicket(tx, { subject: input.subject, customerId: customer.id, channel: this.channel, message }, actor, now);
    return { ticketId: result.ticket.id, messageId: result.message.id };
  }

  async deliver(message: OutboundMessage): Promise<DeliveryResult> {
    this.attempts.push(message);
    if (this.failDeliveries > 0) {
      this.failDeliveries--;
      throw new Error(this.failure);
    }
    this.sent.push(message);
    return { externalId: `test-${message.messageId}-${this.attempts.length}` };
  }
}

/** The one instance workers register (when TEST_CHANNEL is on); tests read and steer it. */
export const testChannel = new TestChannel();

export function parseTestInbound(raw: Uint8Array): TestInbound {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(raw));
  } catch (error) {
    throw new Error(`test channel: the item is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  const problems: string[] = [];
  const record = isRecord(value) ? value : {};
  if (!isRecord(value)) problems.push('the item must be a JSON object');
  const from = isRecord(record.from) ? record.from : undefined;
  if (!from || typeof from.email !== 'string' || !from.email.includes('@')) problems.push('"from.email" must be an email address');
  if (from?.name !== undefined && typeof from.name !== 'string') problems.push('"from.name" must be text');
  if (typeof record.subject !== 'string') problems.push('"subject" must be text');
  if (typeof record.body !== 'string' || !record.body.trim()) problems.push('"body" must be non-empty text');
  if (record.externalId !== undefined && typeof record.externalId !== 'string') problems.push('"externalId" must be text');
  const reply = record.replyToTicketId;
  if (reply !== undefined && (typeof reply !== 'number' || !Number.isSafeInteger(reply) || reply < 1)) problems.push('"replyToTicketId" must be a ticket id');
  if (problems.length) throw new Error(`test channel: ${problems.join('; ')}`);
  return {
    from: { email: from!.email as string, ...(typeof from!.name === 'string' && { name: from!.name }) },
    subject: record.subject as string,
    body: record.body as string,
    ...(typeof record.externalId === 'string' && { externalId: record.externalId }),
    ...(typeof reply === 'number' && { replyToTicketId: reply }),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
