// SQL of the VK channel: its communities, and the community and peer each VK ticket talks through.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
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

