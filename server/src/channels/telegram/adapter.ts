// The Telegram channel adapter: inbound items are Bot API updates; replies go out with sendMessage,
// sendPhoto and sendDocument through the bot the customer wrote to.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import type { ChannelAdapter, DeliveryResult, InboundItem, OutboundMessage, ProcessedInbound } from '../registry.ts';
import { processTelegram } from './inbound.ts';
import { deliverTelegram } from './outbound.ts';
import { TELEGRAM_CHANNEL } from './receive.ts';

export class TelegramChannel implements ChannelAdapter {
  readonly channel = TELEGRAM_CHANNEL;

  process(tx: Kysely<DB>, item: InboundItem, ctx: Context): Promise<ProcessedInbound> {
    return processTelegram(tx, item, ctx);
  }

  deliver(message: OutboundMessage, ctx: Context): Promise<DeliveryResult> {
    return deliverTelegram(message, ctx);
  }
}
