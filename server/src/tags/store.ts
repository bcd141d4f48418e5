// SQL for the tags in use: read from the most recently updated tickets the agent may see, so the
// cost is bounded (an index walk of RECENT_TICKETS rows) however many tickets the desk holds.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../db/tables.ts';
import { anyOf } from '../db/bulk.ts';
import type { TicketScope } from '../tickets/verbs.ts';

/** How many of the latest tickets the tags are gathered from. */
export const RECENT_TICKETS = 10_000;

export async function tagsInUse(db: Kysely<DB>, scope: TicketScope, input: { prefix?: string | undefined; limit: number }) {
  const recent = db
    .selectFrom('tickets')
    .select('tags')
    .where((eb) => {
      if (scope.all) return eb.lit(true);
      const visible = [eb('team_id', 'is', null), eb('assignee_id', '=', scope.agentId)];
      if (scope.teamIds.length > 0) visible.push(eb('team_id', '=', anyOf(scope.teamIds, 'bigint')));
      return eb.or(visible);
    })
    .where(sql<SqlBool>`cardinality(tags) > 0`)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(RECENT_TICKETS)
    .as('recent');
  const prefix = input.prefix ? `${input.prefix.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%` : null;
  const rows = await db
    .selectFrom(recent)
    .innerJoin(sql<{ tag: string }>`unnest(recent.tags)`.as('tag'), (join) => join.onTrue())
    .select([sql<string>`tag`.as('name'), sql<number>`count(*)`.as('tickets')])
    .$if(prefix !== null, (query) => query.where(sql<SqlBool>`lower(tag) LIKE ${prefix}`))
    .groupBy(sql`tag`)
    .orderBy(sql`count(*)`, 'desc')
    .orderBy(sql`tag`)
    .limit(input.limit)
    .execute();
  return rows.map((row) => ({ name: row.name, tickets: Number(row.tickets) }));
}
