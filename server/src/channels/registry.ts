// The seam between the channel-agnostic pipelines and each channel's adapter.
// An adapter registers how to turn a raw inbound item into a message (process) and how to
// hand an outbound message to its provider (deliver).
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import type { Context } from '../context.ts';
import type { ReplyIssue } from '../deliveries/reply-rule.ts';

export interface InboundItem {
  id: number;
  channel: string;
  raw: Uint8Array;
  meta: Record<string, unknown>;
  /** Attempts made before this one; an item retried by a person skips the per-sender limit. */
  attempts: number;
}

export interface ProcessedInbound {
  /** The ticket and message the item became or joined; null when it became neither (an ignored auto-reply). */
  ticketId: number | null;
  messageId: number | null;
  /** What the item became, for the admin screen: ticket, reply, bounce, duplicate, ignored, … */
  outcome?: string;
  /** Set to hold the item (status "held") with this reason, until someone lets it through with retry. */
  held?: string;
  /** Why processing made this choice (kept as the item's note). */
  note?: string;
}

export interface OutboundMessage {
  messageId: number;
  ticketId: number;
  ticketNumber: number;
  subject: string;
  bodyText: string;
  bodyHtml: string | null;
  channel: string;
  customerId: number;
  /** The customer's identities, by kind (email, telegram, …), for the adapter to address. */
  recipients: Array<{ kind: string; value: string }>;
  agent: { id: number; alias: string; signature: string } | null;
  /**
   * For an adapter that addresses recipients (`recipientsOf`): everyone the message is addressed
   * to, and of them those still to send to. Everyone stays in the headers; only `pending` is sent.
   */
  addressees?: { all: OutboundRecipient[]; pending: OutboundRecipient[] };
}

export interface OutboundRecipient {
  /** Lower-cased. */
  address: string;
  name: string;
  kind: 'to' | 'cc';
}

/** The provider's answer about one pending recipient. */
export type RecipientAnswer = { address: string; accepted: true; response?: string } | { address: string; accepted: false; reason: string; permanent: boolean };

export interface DeliveryResult {
  externalId?: string;
  /** Per pending recipient; a recipient without an answer counts as accepted. */
  answers?: RecipientAnswer[];
}

/**
 * Thrown by an adapter when the whole attempt failed. `permanent`: retrying cannot help until a
 * person changes something, so the message fails at once; any other error is retried with backoff.
 * `relayFault`: the provider itself failed (not answering, refusing our login or sender), not this
 * message: every message through it would fail alike (outbound/relay-gate.ts).
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly relayFault = false,
  ) {
    super(message);
  }
}

/** The provider endpoint a message goes through, for per-relay backoff. */
export interface Relay {
  /** Names the relay's health row: 'mailbox:<id>'. */
  key: string;
  /** For people: "smtp.acme.com:587". */
  label: string;
  /** A digest of the relay's settings: changed settings start with a clean bill of health. */
  fingerprint: string;
  /** Why nothing can be sent through it at all (no relay configured), or null. */
  missing: string | null;
}

export interface ChannelAdapter {
  channel: string;
  /**
   * Turns a stored raw item into a ticket message, in the given transaction. Use only `tx` for the
   * database: on the embedded database every other query waits for this transaction to end.
   */
  process?(tx: Kysely<DB>, item: InboundItem, ctx: Context): Promise<ProcessedInbound>;
  /**
   * Optional: handles many waiting items at once, in the given transaction (a storm after an
   * outage). Returns results for the items it handled; the others stay for their own jobs.
   */
  processBatch?(tx: Kysely<DB>, items: InboundItem[], ctx: Context): Promise<Map<number, ProcessedInbound>>;
  /**
   * Sends an outbound message; throwing marks the attempt failed (retried with backoff, unless a
   * DeliveryError says it is permanent).
   */
  deliver?(message: OutboundMessage, ctx: Context): Promise<DeliveryResult>;
  /**
   * Optional: whom a message goes to now. With it, the pipeline records each recipient's state and
   * hands `deliver` only those not yet accepted, so a retry never sends anyone a second copy.
   */
  recipientsOf?(message: OutboundMessage, ctx: Context): Promise<OutboundRecipient[]>;
  /**
   * Optional: the relay each of these queued messages goes through (those of this channel), so
   * the outbound pipeline can hold them while their relay is down instead of trying each one.
   */
  relaysOf?(db: Kysely<DB>, messageIds: number[], ctx: Context): Promise<Map<number, Relay>>;
  /**
   * Optional: why a reply on this ticket cannot go out on the channel now, though the channel
   * delivers (WhatsApp's 24-hour window), for the composer; null when nothing stands in the way.
   */
  replyIssueOf?(db: Kysely<DB>, ticket: { id: number; customer_id: number }): Promise<ReplyIssue | null>;
}

export class ChannelRegistry {
  private readonly adapters = new Map<string, ChannelAdapter>();

  register(adapter: ChannelAdapter): void {
    this.adapters.set(adapter.channel, adapter);
  }

  get(channel: string): ChannelAdapter | undefined {
    return this.adapters.get(channel);
  }

  /** The adapters that say which relay a message goes through. */
  withRelays(): ChannelAdapter[] {
    return [...this.adapters.values()].filter((adapter) => adapter.relaysOf);
  }
}
