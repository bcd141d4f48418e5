// The VK channel's adapter for the pipelines: stored events become ticket messages, replies go out with messages.send.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import type { ChannelAdapter, DeliveryResult, InboundItem, OutboundMessage, ProcessedInbound } from '../registry.ts';
import { processVk } from './inbound.ts';
import { deliverVk } from './outbound.ts';
import { VK_CHANNEL } from './receive.ts';

export class VkChannel implements ChannelAdapter {
  readonly channel = VK_CHANNEL;

  process(tx: Kysely<DB>, item: InboundItem, ctx: Context): Promise<ProcessedInbound> {
    return processVk(tx, item, ctx);
  }

  deliver(message: OutboundMessage, ctx: Context): Promise<DeliveryResult> {
    return deliverVk(message, ctx);
  }
}
