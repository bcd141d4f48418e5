// A conversation's order, for channels whose messages arrive as separate inbound items (a chat,
// a Telegram chat, a VK peer): an item is taken only after the earlier items of its conversation
// are messages. The conversation is named by fields of the items' meta ({ botId, chatId }).
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { conversationsWaiting, earlierPendingOf, lockConversation, lockConversations } from './store.ts';

/**
 * Locks the conversation for the caller's transaction and throws while an earlier item of it is
 * not in yet: the inbox retries this one with backoff, so the conversation keeps its order.
 * `waitText` starts the error (and names such waits to the next item's check).
 */
export async function takeInConversationOrder(tx: Kysely<DB>, item: { id: number; channel: string }, conversation: Record<string, number>, waitText: string): Promise<void> {
  await lockConversation(tx, item.channel, conversation);
  const earlier = await earlierPendingOf(tx, item.channel, item.id, conversation, waitText);
  if (earlier !== undefined) throw new Error(`${waitText} (inbound item ${earlier}) is not processed yet; this one follows it`);
}

/**
 * takeInConversationOrder for a batch of items of one channel, in three statements however many:
 * locks every item's conversation, and returns the ids of the items that may be taken now — the
 * first of each conversation in the batch, when nothing earlier of it is still waiting. The others
 * are for the caller to take one at a time (after these), as takeInConversationOrder does.
 */
export async function takeBatchInConversationOrder(tx: Kysely<DB>, channel: string, items: Array<{ id: number; conversation: Record<string, number> }>, waitText: string): Promise<Set<number>> {
  await lockConversations(tx, channel, items.map((item) => item.conversation));
  const firsts = new Map<string, { id: number; conversation: Record<string, number> }>();
  for (const item of [...items].sort((a, b) => a.id - b.id)) {
    const key = JSON.stringify(item.conversation);
    if (!firsts.has(key)) firsts.set(key, item);
  }
  const entries = [...firsts.values()];
  const waiting = await conversationsWaiting(tx, channel, entries.map((item) => ({ conversation: item.conversation, firstItemId: item.id })), waitText);
  return new Set(entries.filter((_, index) => !waiting.has(index)).map((item) => item.id));
}
