// What a conversation shows: the server's messages once each, by id, and the visitor's own messages
// not yet seen back from the server after them, in send order.

import type { ChatMessage } from './protocol.ts';

export type OwnState = 'sending' | 'sent' | 'read' | 'failed';

export interface PendingMessage {
  clientId: string;
  text: string;
  at: string;
  seq: number;
  state: 'sending' | 'sent' | 'failed';
  error?: string;
  files?: Array<{ name: string; size: number }>;
}

export type DisplayItem =
  | { kind: 'message'; key: string; message: ChatMessage; own: OwnState | null }
  | { kind: 'pending'; key: string; pending: PendingMessage; own: OwnState };

/** Merges the server's copies with the pending ones. A pending message whose client id the server
 * already sent back is the same message: only the server's copy is kept. `agentReadId` turns the
 * visitor's own sent messages up to it into read ones. */
export function mergeMessages(
  server: Iterable<ChatMessage>,
  pending: Iterable<PendingMessage>,
  agentReadId: number,
): DisplayItem[] {
  const byId = new Map<number, ChatMessage>();
  for (const m of server) byId.set(m.id, m);
  const sorted = [...byId.values()].sort((a, b) => a.id - b.id);
  const serverClientIds = new Set(sorted.map((m) => m.clientId).filter((c): c is string => c !== null));

  const items: DisplayItem[] = sorted.map((message) => ({
    kind: 'message',
    key: `m${message.id}`,
    message,
    own: message.from === 'visitor' ? (message.id <= agentReadId ? 'read' : 'sent') : null,
  }));
  const seen = new Set<string>();
  const rest = [...pending]
    .filter((p) => !serverClientIds.has(p.clientId) && !seen.has(p.clientId) && seen.add(p.clientId))
    .sort((a, b) => a.seq - b.seq);
  for (const p of rest) items.push({ kind: 'pending', key: `c${p.clientId}`, pending: p, own: p.state });
  return items;
}
