// Turns a stored VK event into a ticket message: the customer found by their VK user id (a new one
// named as users.get names them — best effort, else "VK user <id>"), the conversation's latest
// ticket in this community joined (a closed one opens a linked ticket, as for mail) or a new one
// opened, and the files the message links to downloaded. A file over the limits is left out with a
// note, never the message; VK not answering a download fails the item, which is retried and shown
// under Unprocessed until it goes through.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import { subjectFromText } from '../subject.ts';
import type { InboundItem, ProcessedInbound } from '../registry.ts';
import { storeAttachments, type IncomingFile } from '../../attachments/verbs.ts';
import { findIdentity, findOrCreateCustomer } from '../../customers/verbs.ts';
import { addMessage, createTicket, type MessageInput } from '../../tickets/verbs.ts';
import { communityApi } from './communities.ts';
import { parseEvent, type FileToFetch } from './parse.ts';
import { VK_CHANNEL } from './receive.ts';
import { PEER_ORDER_WAIT, findCommunity, latestTicketOfPeer, linkTicket } from './store.ts';
import { takeInConversationOrder } from '../../inbox/order.ts';
import { VkError, type VkApi } from './vk-api.ts';

/** As for Telegram: a file a bot may take is at most 20 MB, and never over MAX_ATTACHMENT_BYTES. */
const DOWNLOAD_LIMIT = 20 * 1024 * 1024;
const MAX_NAME_CHARS = 200;

export async function processVk(tx: Kysely<DB>, item: InboundItem, ctx: Context): Promise<ProcessedInbound> {
  const event = parseEvent(item.raw);
  if (event.kind === 'ignored') return { ticketId: null, messageId: null, outcome: 'ignored', note: event.reason };
  const communityId = Number(item.meta.communityId);
  const community = Number.isSafeInteger(communityId) ? await findCommunity(tx, communityId) : undefined;
  if (!community) return { ticketId: null, messageId: null, outcome: 'ignored', note: 'the community this event came to was removed' };

  const now = ctx.clock.now();
  // Taken first, before the files are fetched, so a conversation's messages land in the order they came.
  // One at a time per conversation, so two at once never open two tickets; retried until the earlier one is in.
  await takeInConversationOrder(tx, item, { communityId: community.id, peerId: event.peerId }, PEER_ORDER_WAIT);
  const api = communityApi(ctx, community);
  const notes = [...event.limits];
  const files: IncomingFile[] = [];
  for (const file of event.files) {
    const fetched = await fetchFile(ctx, api, file);
    if ('note' in fetched) notes.push(fetched.note);
    else files.push(fetched);
  }

  // users.get only for a person not met before: a known customer keeps the name the desk has.
  const known = await findIdentity(tx, 'vk', String(event.fromId));
  const name = known ? `VK user ${event.fromId}` : await nameOf(api, event.fromId);
  const customer = await findOrCreateCustomer(tx, { kind: 'vk', value: String(event.fromId), name }, now);
  const actor = { kind: 'customer' as const, customerId: customer.id };
  const message: MessageInput = {
    direction: 'inbound',
    bodyText: bodyText(event.text, event.files, notes),
    authorCustomerId: customer.id,
    channel: VK_CHANNEL,
    externalId: `${event.peerId}:${event.messageId}`,
    inboundItemId: item.id,
  };
  const latest = await latestTicketOfPeer(tx, community.id, event.peerId);
  const result = latest
    ? await addMessage(tx, latest.ticket_id, message, actor, now)
    : await createTicket(tx, { subject: subjectOf(event.text, name), customerId: customer.id, channel: VK_CHANNEL, teamId: community.team_id, message }, actor, now);
  const outcome = latest && result.ticket.id === latest.ticket_id ? 'reply' : 'ticket';
  await linkTicket(tx, { ticket_id: result.ticket.id, community_id: community.id, peer_id: event.peerId, customer_id: customer.id, created_at: now });
  const target = { ticketId: result.ticket.id, messageId: result.message.id };
  if (files.length) await storeAttachments(tx, ctx.blobs, target, files);
  return { ...target, outcome, ...(notes.length && { note: notes.join('; ') }) };
}

/** users.get's first and last name; VK refusing or not answering leaves the id (best effort). */
async function nameOf(api: VkApi, userId: number): Promise<string> {
  try {
    const user = await api.getUser(userId);
    const name = [user?.first_name, user?.last_name]
      .filter((part): part is string => typeof part === 'string')
      .map((part) => part.replace(/[\u0000-\u001f\u007f]/g, '').trim())
      .filter(Boolean)
      .join(' ')
      .slice(0, MAX_NAME_CHARS);
    return name || `VK user ${userId}`;
  } catch (error) {
    if (!(error instanceof VkError)) throw error;
    return `VK user ${userId}`;
  }
}

/** The file's bytes, or why it was left out. VK not answering is thrown: the item is retried. */
async function fetchFile(ctx: Context, api: VkApi, file: FileToFetch): Promise<IncomingFile | { note: string }> {
  const limit = Math.min(DOWNLOAD_LIMIT, ctx.config.maxAttachmentBytes);
  const tooLarge = (size: number | null) => ({ note: `the ${file.what}${size === null ? '' : ` (${megabytes(size)})`} is over the ${megabytes(limit)} limit for files from VK; it was not imported — ask the customer to send it another way` });
  if (file.size !== null && file.size > limit) return tooLarge(file.size);
  try {
    return { filename: file.filename, contentType: file.contentType, data: await api.download(file.url, limit) };
  } catch (error) {
    if (!(error instanceof VkError)) throw error;
    if (error.code === null && /over the \d+ bytes/.test(error.description)) return tooLarge(null);
    // A link that expired or is gone, or one that is not http(s): asking again cannot help.
    if (error.code !== null && error.code < 500) return { note: `the ${file.what} could not be fetched (${error.description}); it was not imported` };
    throw error;
  }
}

function bodyText(text: string, files: FileToFetch[], notes: string[]): string {
  if (text.trim()) return text;
  if (files.length) return files.map((file) => `(${file.what}: ${file.filename})`).join('\n');
  return notes.length ? '(a message Frontline cannot show)' : '(empty message)';
}

const subjectOf = (text: string, name: string) => subjectFromText(text, `VK: ${name}`);

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
