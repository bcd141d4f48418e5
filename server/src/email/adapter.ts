// The email channel adapter: inbound items are raw RFC 822 messages; replies go out over SMTP.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import type { Context } from '../context.ts';
import type { ChannelAdapter, DeliveryResult, InboundItem, OutboundMessage, OutboundRecipient, ProcessedInbound } from '../channels/registry.ts';
import { EMAIL_CHANNEL, processEmail } from './inbound.ts';
import { EmailSender } from './outbound.ts';
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

  close(): void {
    this.sender.close();
  }
}
