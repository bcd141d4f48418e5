// The WhatsApp channel adapter: inbound items are the messages and statuses of Cloud API webhook
// calls; replies go out through the number the customer wrote to.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import type { ChannelAdapter, DeliveryResult, InboundItem, OutboundMessage, ProcessedInbound } from '../registry.ts';
import { processWhatsapp } from './inbound.ts';
import { deliverWhatsapp, windowOfTicket } from './outbound.ts';
import type { ReplyIssue } from '../../deliveries/reply-rule.ts';
import { WHATSAPP_CHANNEL } from './receive.ts';

export class WhatsappChannel implements ChannelAdapter {
  readonly channel = WHATSAPP_CHANNEL;

  constructor(private readonly ctx: Context) {}

  /** The 24-hour window closed and no template to send instead: replies fail until the customer writes again. */
  async replyIssueOf(db: Kysely<DB>, ticket: { id: number; customer_id: number }): Promise<ReplyIssue | null> {
    const window = await windowOfTicket(db, ticket.id, ticket.customer_id, this.ctx.clock.now());
    if (!window || window.open || window.template) return null;
    return { code: 'whatsapp_window_closed', message: `WhatsApp takes free-form replies only within 24 hours of the customer's last message, and no template is set for this number: replies fail until the customer writes again, or an admin sets a template (Admin → WhatsApp).` };
  }

  process(tx: Kysely<DB>, item: InboundItem, ctx: Context): Promise<ProcessedInbound> {
    return processWhatsapp(tx, item, ctx);
  }

  deliver(message: OutboundMessage, ctx: Context): Promise<DeliveryResult> {
    return deliverWhatsapp(message, ctx);
  }
}
