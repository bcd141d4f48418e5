// SQL of the live feature: each node's connected agents (live_nodes), written by its hub every few
// seconds, so any node can tell whether someone is there to answer a chat.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';

/** How often a node writes its row; a row older than three beats is a node that stopped. */
export const ONLINE_BEAT_MS = 10_000;

export const recordNode = (db: Kysely<DB>, nodeId: string, agentIds: number[], now: Date) =>
  db
    .insertInto('live_nodes')
    .values({ node_id: nodeId, agent_ids: agentIds, seen_at: now })
    .onConflict((oc) => oc.column('node_id').doUpdateSet({ agent_ids: agentIds, seen_at: now }))
    .execute();

export const forgetNode = (db: Kysely<DB>, nodeId: string) => db.deleteFrom('live_nodes').where('node_id', '=', nodeId).execute();

/** Agents connected on any node that wrote within three beats. */
export async function connectedAgentIds(db: Kysely<DB>, now: Date): Promise<number[]> {
  const since = new Date(now.getTime() - 3 * ONLINE_BEAT_MS);
  const rows = await db
    .selectFrom('live_nodes')
    .select(sql<number>`unnest(agent_ids)`.as('agent_id'))
    .where('seen_at', '>', since)
    .execute();
  return [...new Set(rows.map((row) => Number(row.agent_id)))];
}
