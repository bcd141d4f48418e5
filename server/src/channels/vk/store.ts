// SQL of the VK channel: its communities, and the community and peer each VK ticket talks through.
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB, VkCommunitiesTable } from '../../db/tables.ts';

/** How the error of an event waiting for an earlier one of its conversation starts. */
export const PEER_ORDER_WAIT = 'an earlier message of this conversation';

export type CommunityRow = Selectable<VkCommunitiesTable>;

export const listCommunities = (db: Kysely<DB>) => db.selectFrom('vk_communities').selectAll().orderBy('id').execute();

export const findCommunity = (db: Kysely<DB>, id: number) => db.selectFrom('vk_communities').selectAll().where('id', '=', id).executeTakeFirst();

export const findCommunityByGroup = (db: Kysely<DB>, groupId: number) => db.selectFrom('vk_communities').selectAll().where('group_id', '=', groupId).executeTakeFirst();

export const insertCommunity = (tx: Kysely<DB>, values: Insertable<VkCommunitiesTable>) => tx.insertInto('vk_communities').values(values).returningAll().executeTakeFirstOrThrow();

export const updateCommunityRow = (tx: Kysely<DB>, id: number, values: Updateable<VkCommunitiesTable>) =>
  tx.updateTable('vk_communities').set(values).where('id', '=', id).returningAll().executeTakeFirst();

export const deleteCommunityRow = (tx: Kysely<DB>, id: number) => tx.deleteFrom('vk_communities').where('id', '=', id).returningAll().executeTakeFirst();

/** One conversation's messages are taken one at a time, so two at once never open two tickets. */
export const lockPeer = (tx: Kysely<DB>, communityId: number, peerId: number) => sql`SELECT pg_advisory_xact_lock(hashtextextended(${`vk:${communityId}:${peerId}`}, 0))`.execute(tx);

export const latestTicketOfPeer = (tx: Kysely<DB>, communityId: number, peerId: number) =>
  tx.selectFrom('vk_peers').select('ticket_id').where('community_id', '=', communityId).where('peer_id', '=', peerId).orderBy('ticket_id', 'desc').limit(1).executeTakeFirst();

export const linkTicket = (tx: Kysely<DB>, row: { ticket_id: number; community_id: number; peer_id: number; customer_id: number; created_at: Date }) =>
  tx.insertInto('vk_peers').values(row).onConflict((oc) => oc.column('ticket_id').doNothing()).execute();

/** Where a reply to the ticket goes: its own conversation, else the customer's latest VK one (a ticket opened elsewhere). */
export async function peerOfTicket(db: Kysely<DB>, ticketId: number, customerId: number) {
  const own = await db.selectFrom('vk_peers').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();
  return own ?? db.selectFrom('vk_peers').selectAll().where('customer_id', '=', customerId).orderBy('ticket_id', 'desc').limit(1).executeTakeFirst();
}

export const attachmentsOfMessage = (db: Kysely<DB>, messageId: number) =>
  db.selectFrom('attachments').select(['filename', 'content_type', 'blob_key', 'size']).where('message_id', '=', messageId).orderBy('id').execute();

/**
 * An earlier event of this conversation still waiting to become a message (not in this
 * transaction): one pending, or itself waiting for an earlier one. An item that failed for any
 * other reason does not hold the conversation up; it shows under Unprocessed.
 */
export async function earlierPendingOfPeer(tx: Kysely<DB>, itemId: number, communityId: number, peerId: number): Promise<number | undefined> {
  const row = await tx
    .selectFrom('inbound_items as i')
    .select('i.id')
    .where('i.channel', '=', 'vk')
    .where((eb) => eb.or([eb('i.status', '=', 'pending'), eb.and([eb('i.status', '=', 'failed'), eb('i.error', 'like', `${PEER_ORDER_WAIT}%`)])]))
    .where('i.id', '<', itemId)
    .where(sql<boolean>`i.meta @> ${JSON.stringify({ communityId, peerId })}::jsonb`)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('messages as m').select('m.id').whereRef('m.inbound_item_id', '=', 'i.id'))))
    .orderBy('i.id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
