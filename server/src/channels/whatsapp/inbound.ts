// Turns a stored WhatsApp item into what it says. A message: the customer found by their WhatsApp
// id (a new one named by their profile), the user's latest ticket on this number joined (a closed
// one opens a linked ticket, as for mail) or a new one opened, and its media fetched (GET
// /{media-id}, then the URL with the token); media over the limit is left out with a note, never
// the message. A status: our outbound message found by its wamid and marked delivered, or failed
// (through message.bounced, which the outbound pipeline records). Graph not answering fails the
// item, which is retried and shown under Unprocessed until it goes through.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import { subjectFromText } from '../subject.ts';
import type { InboundItem, ProcessedInbound } from '../registry.ts';
import { appendEvent } from '../../events/append.ts';
import { storeAttachments, type IncomingFile } from '../../attachments/verbs.ts';
import { findOrCreateCustomer } from '../../customers/verbs.ts';
import { addMessage, createTicket, type MessageInput } from '../../tickets/verbs.ts';
import { markDelivered, outboundByExternalId } from '../../outbound/verbs.ts';
import { GraphError } from './graph-api.ts';
import { graphApi } from './numbers.ts';
import { parseItem, type MediaToFetch } from './parse.ts';
import { WHATSAPP_CHANNEL, waIdNumber } from './receive.ts';
import { takeInConversationOrder } from '../../inbox/order.ts';
import { USER_ORDER_WAIT, findNumber, latestTicketOfUser, linkTicket, lockUser, type NumberRow } from './store.ts';


export async function processWhatsapp(tx: Kysely<DB>, item: InboundItem, ctx: Context): Promise<ProcessedInbound> {
  const parsed = parseItem(item.raw);
  if (parsed.kind === 'ignored') return ignored(parsed.reason);
  const numberId = Number(item.meta.numberId);
  const number = Number.isSafeInteger(numberId) ? await findNumber(tx, numberId) : undefined;
  if (!number) return ignored('the WhatsApp number this came to was removed');
  if (parsed.phoneNumberId && parsed.phoneNumberId !== number.phone_number_id) return ignored(`addressed to phone number id ${parsed.phoneNumberId.slice(0, 32)}, not this number's`);

  if (parsed.kind === 'status') {
    const message = await outboundByExternalId(tx, WHATSAPP_CHANNEL, parsed.messageId);
    if (!message) return ignored(`a "${parsed.status}" status of a message Frontline did not send`);
    if (parsed.status === 'failed') {
      await appendEvent(tx, { type: 'message.bounced', payload: { messageId: message.id, reason: parsed.error ?? 'WhatsApp could not deliver the message', bounceItemId: item.id } });
    } else if (parsed.status === 'delivered' || parsed.status === 'read') {
      await markDelivered(tx, message.id, WHATSAPP_CHANNEL);
    }
    return { ticketId: message.ticket_id, messageId: message.id, outcome: 'status', note: `WhatsApp: ${parsed.status}` };
  }

  const now = ctx.clock.now();
  await lockUser(tx, number.id, parsed.waId);
  // Taken in the order they came, before the media is fetched; retried until the earlier one is in.
  const waId = waIdNumber(parsed.waId);
  if (waId !== undefined && item.meta.waId === waId) await takeInConversationOrder(tx, item, { numberId: number.id, waId }, USER_ORDER_WAIT);
  const notes = [...parsed.limits];
  const files: IncomingFile[] = [];
  if (parsed.media) {
    const fetched = await fetchMedia(ctx, number, parsed.media);
    if ('note' in fetched) notes.push(fetched.note);
    else files.push(fetched);
  }
  const customer = await findOrCreateCustomer(tx, { kind: 'whatsapp', value: parsed.waId, name: parsed.name }, now);
  const actor = { kind: 'customer' as const, customerId: customer.id };
  const message: MessageInput = {
    direction: 'inbound',
    bodyText: parsed.text.trim() ? parsed.text : parsed.media ? `(${parsed.media.what}: ${parsed.media.filename})` : '(empty message)',
    authorCustomerId: customer.id,
    channel: WHATSAPP_CHANNEL,
    externalId: parsed.messageId,
    inboundItemId: item.id,
  };
  const latest = await latestTicketOfUser(tx, number.id, parsed.waId);
  const result = latest
    ? await addMessage(tx, latest.ticket_id, message, actor, now)
    : await createTicket(tx, { subject: subjectOf(parsed.text, parsed.name), customerId: customer.id, channel: WHATSAPP_CHANNEL, teamId: number.team_id, message }, actor, now);
  const outcome = latest && result.ticket.id === latest.ticket_id ? 'reply' : 'ticket';
  // The window runs from when the customer wrote, never from later than now.
  const wroteAt = parsed.sentAt && parsed.sentAt < now ? parsed.sentAt : now;
  await linkTicket(tx, { ticket_id: result.ticket.id, number_id: number.id, wa_id: parsed.waId, customer_id: customer.id, last_inbound_at: wroteAt, created_at: now });
  const target = { ticketId: result.ticket.id, messageId: result.message.id };
  if (files.length) await storeAttachments(tx, ctx.blobs, target, files);
  return { ...target, outcome, ...(notes.length && { note: notes.join('; ') }) };
}

const ignored = (note: string): ProcessedInbound => ({ ticketId: null, messageId: null, outcome: 'ignored', note });

/** The media's bytes, or why it was left out. Graph not answering is thrown: the item is retried. */
async function fetchMedia(ctx: Context, number: NumberRow, media: MediaToFetch): Promise<IncomingFile | { note: string }> {
  const limit = ctx.config.maxAttachmentBytes;
  const tooLarge = (size: number | null) => ({ note: `the ${media.what}${size === null ? '' : ` (${megabytes(size)})`} is over the ${megabytes(limit)} limit for attachments; it was not imported — ask the customer to send it another way` });
  const api = graphApi(ctx, number);
  try {
    const info = await api.media(media.mediaId);
    if (typeof info.file_size === 'number' && info.file_size > limit) return tooLarge(info.file_size);
    if (typeof info.url !== 'string' || !/^https?:\/\//.test(info.url)) return { note: `WhatsApp gave no download for the ${media.what}; it was not imported` };
    const data = await api.download(info.url, limit);
    const contentType = typeof info.mime_type === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(info.mime_type) ? info.mime_type : media.contentType;
    return { filename: media.filename, contentType, data };
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    if (error.status === null && /over the \d+ bytes/.test(error.description)) return tooLarge(null);
    // An expired or unknown media id: asking again cannot help.
    if (error.status === 400 || error.status === 404) return { note: `the ${media.what} could not be fetched (${error.description}); it was not imported` };
    throw error;
  }
}

const subjectOf = (text: string, name: string) => subjectFromText(text, `WhatsApp: ${name}`);

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
