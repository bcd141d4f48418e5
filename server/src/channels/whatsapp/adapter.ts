// The WhatsApp channel adapter: inbound items are the messages and statuses of Cloud API webhook
// calls; replies go out through the number the customer wrote to.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import type { ChannelAdapter, DeliveryResult, InboundItem, OutboundMessage, ProcessedInbound } from '../registry.ts';
import { processWhatsapp } from './inbound.ts';
import { deliverWhatsapp } from './outbound.ts';
import { WHATSAPP_CHANNEL } from './receive.ts';

export class WhatsappChannel implements ChannelAdapter {
  readonly channel = WHATSAPP_CHANNEL;

  process(tx: Kysely<DB>, item: InboundItem, ctx: Context): Promise<ProcessedInbound> {
    return processWhatsapp(tx, item, ctx);
  }

  deliver(message: OutboundMessage, ctx: Context): Promise<DeliveryResult> {
    return deliverWhatsapp(message, ctx);
  }
}
