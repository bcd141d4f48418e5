// Sends an agent's reply to the customer's VK conversation with messages.send: the text with the
// agent's alias in front, cut into VK's 4096-character messages, the attachments uploaded first
// (pictures through photos.getMessagesUploadServer → upload → photos.saveMessagesPhoto, anything
// else through docs.getMessagesUploadServer → upload → docs.save) and sent with the last part.
// Every part has a random_id made from the message's id and the part's place, so a send retried
// after VK took it but the answer was lost is dropped by VK as a repeat. VK's refusals a retry
// cannot mend (901/902 the user does not take messages, 5 the token, 15 access, 100 a bad
// parameter) fail the message with VK's reason; 6 too many requests, 10 VK's internal error and a
// VK that does not answer are retried.
import crypto from 'node:crypto';
import type { Context } from '../../context.ts';
import { DeliveryError, type DeliveryResult, type OutboundMessage } from '../registry.ts';
import { replyText, textParts } from '../provider-http.ts';
import { communityApi } from './communities.ts';
import { attachmentsOfMessage, findCommunity, peerOfTicket } from './store.ts';
import { VkError, type VkApi } from './vk-api.ts';

const MAX_MESSAGE_CHARS = 4096;
/** VK takes at most 10 attachments with a message. */
const MAX_ATTACHMENTS = 10;
/** VK's upload limits: photos 50 MB, documents 200 MB; the desk's own limit is far lower anyway. */
const PHOTO_LIMIT = 50 * 1024 * 1024;
const DOCUMENT_LIMIT = 200 * 1024 * 1024;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif']);
/** VK's error codes a later attempt may get through: unknown error, too many requests, flood control, internal error. */
const TRANSIENT_CODES = new Set([1, 6, 9, 10]);

export async function deliverVk(message: OutboundMessage, ctx: Context): Promise<DeliveryResult> {
  const peer = await peerOfTicket(ctx.db, message.ticketId, message.customerId);
  if (!peer) throw new DeliveryError('the customer has no VK conversation with this desk', true);
  const community = peer.community_id === null ? undefined : await findCommunity(ctx.db, peer.community_id);
  if (!community) throw new DeliveryError('the VK community of this conversation was removed (Admin → VK)', true);
  if (!community.active) throw new DeliveryError(`the VK community "${community.name}" is deactivated (Admin → VK)`, true);
  const api = communityApi(ctx, community);

  const files = await attachmentsOfMessage(ctx.db, message.messageId);
  if (files.length > MAX_ATTACHMENTS) throw new DeliveryError(`VK takes at most ${MAX_ATTACHMENTS} attachments with a message; this reply has ${files.length}`, true);
  const attachments: string[] = [];
  for (const file of files) {
    const photo = PHOTO_TYPES.has(file.content_type) && file.size <= PHOTO_LIMIT;
    if (!photo && file.size > DOCUMENT_LIMIT) throw new DeliveryError(`the attachment "${file.filename}" is over the 200 MB VK takes`, true);
    const data = await ctx.blobs.get(file.blob_key);
    if (!data) throw new DeliveryError(`the attachment "${file.filename}" is missing from the blob store`, true);
    const upload = { filename: file.filename, contentType: file.content_type, data };
    attachments.push(await ask(() => (photo ? uploadPhoto(api, peer.peer_id, upload) : uploadDoc(api, peer.peer_id, upload))));
  }

  const text = replyText(message, false);
  const parts = textParts(text, MAX_MESSAGE_CHARS);
  if (!parts.length && !attachments.length) throw new DeliveryError('the reply has neither text nor attachments', true);
  if (!parts.length) parts.push('');
  const sent: number[] = [];
  for (const [index, part] of parts.entries()) {
    const last = index === parts.length - 1;
    const params = { peer_id: peer.peer_id, random_id: randomIdOf(message.messageId, index), ...(part && { message: part }), ...(last && attachments.length && { attachment: attachments.join(',') }) };
    sent.push(await ask(() => api.sendMessage(params)));
  }
  return { externalId: `${peer.peer_id}:${sent[0]}` };
}

/** The same for the same message and part, every attempt: VK drops a repeat of a random_id it has seen. */
export function randomIdOf(messageId: number, part: number): number {
  return crypto.createHash('sha256').update(`frontline:${messageId}:${part}`).digest().readInt32BE(0) & 0x7fffffff;
}

async function uploadPhoto(api: VkApi, peerId: number, file: { filename: string; contentType: string; data: Uint8Array }): Promise<string> {
  const server = await api.call<{ upload_url?: unknown }>('photos.getMessagesUploadServer', { peer_id: peerId });
  if (typeof server.upload_url !== 'string') throw new VkError('photos.getMessagesUploadServer', null, 'no upload_url in the answer');
  const uploaded = await api.upload('photo upload', server.upload_url, 'photo', file);
  const saved = await api.call<Array<{ id?: unknown; owner_id?: unknown; access_key?: unknown }>>('photos.saveMessagesPhoto', {
    photo: String(uploaded.photo ?? ''),
    server: String(uploaded.server ?? ''),
    hash: String(uploaded.hash ?? ''),
  });
  const photo = Array.isArray(saved) ? saved[0] : undefined;
  if (!photo || !Number.isSafeInteger(photo.id) || !Number.isSafeInteger(photo.owner_id)) throw new VkError('photos.saveMessagesPhoto', null, 'no photo in the answer');
  return `photo${photo.owner_id as number}_${photo.id as number}${typeof photo.access_key === 'string' && /^\w+$/.test(photo.access_key) ? `_${photo.access_key}` : ''}`;
}

async function uploadDoc(api: VkApi, peerId: number, file: { filename: string; contentType: string; data: Uint8Array }): Promise<string> {
  const server = await api.call<{ upload_url?: unknown }>('docs.getMessagesUploadServer', { type: 'doc', peer_id: peerId });
  if (typeof server.upload_url !== 'string') throw new VkError('docs.getMessagesUploadServer', null, 'no upload_url in the answer');
  const uploaded = await api.upload('document upload', server.upload_url, 'file', file);
  if (typeof uploaded.file !== 'string') throw new VkError('document upload', null, 'no file in the upload server\'s answer');
  const saved = await api.call<{ doc?: { id?: unknown; owner_id?: unknown } }>('docs.save', { file: uploaded.file, title: file.filename });
  const doc = saved?.doc;
  if (!doc || !Number.isSafeInteger(doc.id) || !Number.isSafeInteger(doc.owner_id)) throw new VkError('docs.save', null, 'no doc in the answer');
  return `doc${doc.owner_id as number}_${doc.id as number}`;
}

/** One VK call, with VK's answer turned into the pipeline's terms. */
async function ask<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof VkError)) throw error;
    throw deliveryErrorOf(error);
  }
}

export function deliveryErrorOf(error: VkError): DeliveryError {
  if (error.code === null) return new DeliveryError(`VK did not answer: ${error.description}`, false);
  if (error.code === 901 || error.code === 902) return new DeliveryError(`VK will not deliver to this user (${error.code}: ${error.description}); they must allow messages from the community first`, true);
  if (error.code === 5) return new DeliveryError(`VK no longer accepts the community's token (${error.description}): set a new one in Admin → VK`, true);
  if (TRANSIENT_CODES.has(error.code)) return new DeliveryError(`VK asked to try later (${error.code}: ${error.description})`, false);
  if (error.httpStatus !== null && error.httpStatus >= 500) return new DeliveryError(`VK failed (${error.httpStatus}): ${error.description}`, false);
  return new DeliveryError(`VK refused the message (${error.code}: ${error.description})`, true);
}
