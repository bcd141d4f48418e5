// The chat protocol's shapes (docs/chat-widget.md) and a strict reader for what the server sends:
// a frame that does not have the documented shape is dropped rather than half-trusted.

import type { ChatAttachment, ChatConversation, ChatMessage } from '@frontline/shared';

export type { ChatAttachment, ChatMessage };
/** A conversation as listed to its visitor (the server's view, one definition in shared/). */
export type ConversationSummary = ChatConversation;

export type Cursors = Record<string, number>;

export type ClientFrame =
  | { type: 'hello'; token: string; cursors: Cursors }
  | { type: 'resume'; cursors: Cursors }
  | { type: 'send'; clientId: string; conversationKey: string; conversationId?: number; text: string; topic?: string }
  | { type: 'typing'; conversationId: number; state: 'typing' | 'idle' }
  | { type: 'read'; conversationId: number; messageId: number };

export type ServerFrame =
  | { type: 'ready' }
  | { type: 'ack'; clientId: string; duplicate: boolean }
  | { type: 'message'; message: ChatMessage }
  | { type: 'conversation'; conversation: ConversationSummary }
  | { type: 'typing'; conversationId: number; alias: string; state: 'typing' | 'idle' }
  | { type: 'read'; conversationId: number; messageId: number }
  | { type: 'error'; code: string; message: string; clientId?: string }
  | { type: 'ping' };

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isStr = (v: unknown, max = 100_000): v is string => typeof v === 'string' && v.length <= max;

function readAttachment(v: unknown): ChatAttachment | null {
  if (!isObj(v) || !isId(v.id) || !isStr(v.filename, 1000) || !isId(v.size) || !isStr(v.contentType, 300)) return null;
  return { id: v.id, filename: v.filename, size: v.size, contentType: v.contentType };
}

export function readMessage(v: unknown): ChatMessage | null {
  if (!isObj(v) || !isId(v.id) || !isId(v.conversationId) || !isStr(v.conversationKey, 64)) return null;
  if (v.from !== 'visitor' && v.from !== 'agent' && v.from !== 'system') return null;
  if (!isStr(v.text) || !isStr(v.at, 64)) return null;
  if (v.clientId !== null && v.clientId !== undefined && !isStr(v.clientId, 64)) return null;
  let author: ChatMessage['author'] = null;
  if (isObj(v.author) && isStr(v.author.alias, 200)) {
    const avatar = v.author.avatarUrl;
    author = { alias: v.author.alias, avatarUrl: isStr(avatar, 2000) ? avatar : null };
  }
  const attachments = Array.isArray(v.attachments)
    ? v.attachments.slice(0, 50).map(readAttachment).filter((a): a is ChatAttachment => a !== null)
    : [];
  return {
    id: v.id,
    conversationId: v.conversationId,
    conversationKey: v.conversationKey,
    clientId: typeof v.clientId === 'string' ? v.clientId : null,
    from: v.from,
    author,
    text: v.text,
    at: v.at,
    attachments,
  };
}

export function readConversation(v: unknown): ConversationSummary | null {
  if (!isObj(v) || !isId(v.id) || !isStr(v.key, 64)) return null;
  const str = (x: unknown, max = 1000) => (isStr(x, max) ? x : '');
  const last = v.lastMessage;
  return {
    id: v.id,
    key: v.key,
    number: isId(v.number) ? v.number : 0,
    subject: str(v.subject),
    status: str(v.status, 50),
    topic: isStr(v.topic, 200) ? v.topic : null,
    createdAt: str(v.createdAt, 64),
    updatedAt: str(v.updatedAt, 64),
    lastMessage:
      isObj(last) && isStr(last.text) && (last.from === 'visitor' || last.from === 'agent') ? { text: last.text, from: last.from } : null,
    agentReadId: isId(v.agentReadId) ? v.agentReadId : 0,
    visitorReadId: isId(v.visitorReadId) ? v.visitorReadId : 0,
  };
}

/** Parses one WebSocket text frame; null for anything not in the protocol. */
export function readServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string' || data.length > 2_000_000) return null;
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObj(v)) return null;
  switch (v.type) {
    case 'ready':
    case 'ping':
      return { type: v.type };
    case 'ack':
      return isStr(v.clientId, 64) ? { type: 'ack', clientId: v.clientId, duplicate: v.duplicate === true } : null;
    case 'message': {
      const message = readMessage(v.message);
      return message ? { type: 'message', message } : null;
    }
    case 'conversation': {
      const conversation = readConversation(v.conversation);
      return conversation ? { type: 'conversation', conversation } : null;
    }
    case 'typing':
      if (!isId(v.conversationId) || !isStr(v.alias, 200)) return null;
      return { type: 'typing', conversationId: v.conversationId, alias: v.alias, state: v.state === 'typing' ? 'typing' : 'idle' };
    case 'read':
      return isId(v.conversationId) && isId(v.messageId) ? { type: 'read', conversationId: v.conversationId, messageId: v.messageId } : null;
    case 'error':
      if (!isStr(v.code, 100)) return null;
      return {
        type: 'error',
        code: v.code,
        message: isStr(v.message, 2000) ? v.message : '',
        ...(isStr(v.clientId, 64) ? { clientId: v.clientId } : {}),
      };
    default:
      return null;
  }
}

/** Error codes after which sending the same message again may succeed; any other code is permanent
 * (the message is shown as failed with a retry button rather than resent for ever). */
const TRANSIENT_CODES = new Set(['rate_limited', 'too_many_requests', 'unavailable', 'internal_error', 'server_error', 'busy', 'timeout', 'try_again']);

export function isTransientError(code: string): boolean {
  return TRANSIENT_CODES.has(code);
}
