// Sends an agent's reply to the customer on WhatsApp (POST /{phone-number-id}/messages): the text
// with the agent's alias in front, cut into WhatsApp's 4096-character messages, then each
// attachment uploaded (POST /{phone-number-id}/media) and sent as an image or a document. WhatsApp
// takes free-form messages only within 24 hours of the customer's last message: after that the
// number's approved template goes instead, or, without one, the reply fails with the reason.
// Graph's 400/401/403 fail the message; 429, 5xx and no answer are retried.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import { DeliveryError, type DeliveryResult, type OutboundMessage } from '../registry.ts';
import { replyText, textParts } from '../provider-http.ts';
import { GraphError } from './graph-api.ts';
import { graphApi } from './numbers.ts';
import { attachmentsOfMessage, chatOfTicket, findNumber, lastInboundOf } from './store.ts';

const MAX_MESSAGE_CHARS = 4096;
export const WINDOW_MS = 24 * 3600_000;
/** Cloud API media limits: images 5 MB, documents 100 MB. */
const IMAGE_LIMIT = 5 * 1024 * 1024;
const DOCUMENT_LIMIT = 100 * 1024 * 1024;
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png']);

export const windowClosedReason = 'the customer last wrote on WhatsApp more than 24 hours ago, and WhatsApp takes only an approved template after that; no template is set for this number (Admin → WhatsApp)';

/** Whether a free-form reply to the ticket's WhatsApp user may go now; null when the ticket has no WhatsApp chat. */
export async function windowOfTicket(db: Kysely<DB>, ticketId: number, customerId: number, now: Date): Promise<{ open: boolean; template: boolean } | null> {
  const chat = await chatOfTicket(db, ticketId, customerId);
  const number = chat?.number_id ? await findNumber(db, chat.number_id) : undefined;
  if (!chat || !number) return null;
  const last = await lastInboundOf(db, number.id, chat.wa_id);
  return { open: !!last && now.getTime() - last.getTime() < WINDOW_MS, template: !!number.template_name };
}

export async function deliverWhatsapp(message: OutboundMessage, ctx: Context): Promise<DeliveryResult> {
  const chat = await chatOfTicket(ctx.db, message.ticketId, message.customerId);
  if (!chat) throw new DeliveryError('the customer has no WhatsApp chat with this desk', true);
  const number = chat.number_id === null ? undefined : await findNumber(ctx.db, chat.number_id);
  if (!number) throw new DeliveryError('the WhatsApp number of this chat was removed (Admin → WhatsApp)', true);
  if (!number.active) throw new DeliveryError(`the WhatsApp number ${number.display_phone_number} is deactivated (Admin → WhatsApp)`, true);
  const api = graphApi(ctx, number);
  const to = chat.wa_id.replace(/^\+/, '');
  const send = (body: Record<string, unknown>) => graph(() => api.sendMessage(number.phone_number_id, { recipient_type: 'individual', to, ...body }));

  const last = await lastInboundOf(ctx.db, number.id, chat.wa_id);
  if (!last || ctx.clock.now().getTime() - last.getTime() >= WINDOW_MS) {
    if (!number.template_name || !number.template_language) throw new DeliveryError(windowClosedReason, true);
    return { externalId: await send({ type: 'template', template: { name: number.template_name, language: { code: number.template_language } } }) };
  }

  const files = await attachmentsOfMessage(ctx.db, message.messageId);
  const sent: string[] = [];
  for (const part of textParts(replyText(message, files.length > 0), MAX_MESSAGE_CHARS)) sent.push(await send({ type: 'text', text: { preview_url: false, body: part } }));
  for (const file of files) {
    const image = IMAGE_TYPES.has(file.content_type) && file.size <= IMAGE_LIMIT;
    if (!image && file.size > DOCUMENT_LIMIT) throw new DeliveryError(`the attachment "${file.filename}" is over the 100 MB WhatsApp takes`, true);
    const data = await ctx.blobs.get(file.blob_key);
    if (!data) throw new DeliveryError(`the attachment "${file.filename}" is missing from the blob store`, true);
    const mediaId = await graph(() => api.uploadMedia(number.phone_number_id, { filename: file.filename, contentType: image ? file.content_type : file.content_type || 'application/octet-stream', data }));
    sent.push(await send(image ? { type: 'image', image: { id: mediaId } } : { type: 'document', document: { id: mediaId, filename: file.filename } }));
  }
  if (!sent.length) throw new DeliveryError('the reply has neither text nor attachments', true);
  // Statuses name the first message's wamid; it is the one kept.
  return { externalId: sent[0]! };
}

async function graph<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    throw deliveryErrorOf(error);
  }
}

export function deliveryErrorOf(error: GraphError): DeliveryError {
  if (error.status === null) return new DeliveryError(`WhatsApp did not answer: ${error.description}`, false);
  if (error.status === 429) return new DeliveryError(`WhatsApp rate limit: ${error.description}`, false);
  if (error.status === 401) return new DeliveryError(`WhatsApp no longer accepts the number's access token (${error.description}): set a new one in Admin → WhatsApp`, true);
  if (error.status >= 400 && error.status < 500) return new DeliveryError(`WhatsApp refused the message: ${error.description}${error.code !== undefined ? ` (code ${error.code})` : ''}`, true);
  return new DeliveryError(`WhatsApp failed (${error.status}): ${error.description}`, false);
}
