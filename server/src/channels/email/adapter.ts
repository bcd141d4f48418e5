// The email channel adapter: inbound items are raw RFC 822 messages; replies go out over SMTP.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import type { ChannelAdapter, DeliveryResult, InboundItem, OutboundMessage, OutboundRecipient, ProcessedInbound, Relay } from '../registry.ts';
import { findMailboxes, replyMailbox, type MailboxRow } from '../../mailboxes/verbs.ts';
import { mailboxIdsOfMessages } from './store.ts';
import { EMAIL_CHANNEL, processEmail } from './inbound.ts';
import { EmailSender, relayOfMailbox } from './outbound.ts';
import { processEmailBatch } from './batch.ts';

export class EmailChannel implements ChannelAdapter {
  readonly channel = EMAIL_CHANNEL;
  private readonly sender = new EmailSender();

  process(tx: Kysely<DB>, item: InboundItem, ctx: Context): Promise<ProcessedInbound> {
    return processEmail(tx, item, ctx);
  }

  processBatch(tx: Kysely<DB>, items: InboundItem[], ctx: Context): Promise<Map<number, ProcessedInbound>> {
    return processEmailBatch(tx, items, ctx);
  }

  deliver(message: OutboundMessage, ctx: Context): Promise<DeliveryResult> {
    return this.sender.deliver(message, ctx);
  }

  recipientsOf(message: OutboundMessage, ctx: Context): Promise<OutboundRecipient[]> {
    return this.sender.recipientsOf(message, ctx);
  }

  /** The relay of each message's mailbox (the ticket's, else the default one, as `deliver` chooses). */
  async relaysOf(db: Kysely<DB>, messageIds: number[]): Promise<Map<number, Relay>> {
    const rows = await mailboxIdsOfMessages(db, messageIds, EMAIL_CHANNEL);
    const ids = [...new Set(rows.flatMap((row) => (row.mailbox_id === null ? [] : [row.mailbox_id])))];
    const mailboxes = new Map((ids.length ? await findMailboxes(db, ids) : []).map((mailbox) => [mailbox.id, mailbox]));
    // A ticket that did not come by mail replies from the mailbox replyMailbox picks for its team
    // (the same rule the reply itself follows); one look-up per team in the batch.
    const fallbacks = new Map<number | null, MailboxRow | undefined>();
    for (const row of rows) {
      if ((row.mailbox_id !== null && mailboxes.has(row.mailbox_id)) || fallbacks.has(row.team_id)) continue;
      fallbacks.set(row.team_id, await replyMailbox(db, { mailbox_id: null, team_id: row.team_id }));
    }
    return new Map(rows.map((row) => [row.id, relayOfMailbox((row.mailbox_id === null ? undefined : mailboxes.get(row.mailbox_id)) ?? fallbacks.get(row.team_id))]));
  }

  close(): void {
    this.sender.close();
  }
}
