// SQL for customers, their identities and organizations.
import { sql, type Insertable, type Kysely, type Selectable, type SqlBool, type Updateable } from 'kysely';
import type { CustomersTable, DB } from '../db/tables.ts';
import { escapeLike, identityKinds, type SearchTerms } from '@frontline/shared';
import { anyOf, arrayOf, insertInSlices } from '../db/bulk.ts';

export type CustomerRow = Selectable<CustomersTable>;
export interface IdentityRow {
  id: number;
  customer_id: number;
  kind: string;
  value: string;
}

export const insertCustomer = (db: Kysely<DB>, row: Insertable<CustomersTable>) => db.insertInto('customers').values(row).returningAll().executeTakeFirstOrThrow();

/**
 * A new customer and its identities in one statement; with no organization in `row`, the one whose
 * domain is `domain` (an email's). `claimed` counts the identities it got: another customer owns
 * the rest (the caller then fails its transaction, which takes the new row back).
 */
export async function insertCustomerClaiming(
  db: Kysely<DB>,
  row: Insertable<CustomersTable>,
  identities: Array<{ kind: string; value: string }>,
  domain: string | null,
): Promise<{ customer: CustomerRow; claimed: number }> {
  const result = await sql<CustomerRow & { claimed: number }>`
    WITH c AS (
      INSERT INTO customers (name, organization_id, language, notes, created_at, updated_at)
      VALUES (${row.name ?? ''}, coalesce(${row.organization_id ?? null}::bigint, (SELECT id FROM organizations WHERE lower(domain) = ${domain})),
        ${row.language ?? null}, ${row.notes ?? ''}, ${row.created_at}, ${row.updated_at})
      RETURNING *
    ), i AS (
      INSERT INTO customer_identities (customer_id, kind, value)
      SELECT c.id, v.kind, v.value FROM c, unnest(${arrayOf(identities.map((identity) => identity.kind), 'text')}, ${arrayOf(identities.map((identity) => identity.value), 'text')}) AS v(kind, value)
      ON CONFLICT (kind, value) DO NOTHING
      RETURNING 1
    )
    SELECT c.*, (SELECT count(*) FROM i)::int AS claimed FROM c`.execute(db);
  const { claimed, ...customer } = result.rows[0]!;
  return { customer, claimed: Number(claimed) };
}

export const findCustomer = (db: Kysely<DB>, id: number) => db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();

export async function findCustomers(db: Kysely<DB>, ids: number[]): Promise<Map<number, CustomerRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('customers').selectAll().where('id', '=', anyOf(ids, 'bigint')).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

export const updateCustomerRow = (db: Kysely<DB>, id: number, changes: Updateable<CustomersTable>) =>
  db.updateTable('customers').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const findIdentity = (db: Kysely<DB>, kind: string, value: string) =>
  db.selectFrom('customer_identities').select(['id', 'customer_id', 'kind', 'value']).where('kind', '=', kind).where('value', '=', value).executeTakeFirst();

/** Adds an identity unless it exists; returns the owner of the identity either way. */
export async function claimIdentity(db: Kysely<DB>, customerId: number, kind: string, value: string): Promise<IdentityRow> {
  const inserted = await db
    .insertInto('customer_identities')
    .values({ customer_id: customerId, kind, value })
    .onConflict((oc) => oc.columns(['kind', 'value']).doNothing())
    .returning(['id', 'customer_id', 'kind', 'value'])
    .executeTakeFirst();
  return inserted ?? (await findIdentity(db, kind, value))!;
}

export const deleteIdentity = (db: Kysely<DB>, customerId: number, identityId: number) =>
  db.deleteFrom('customer_identities').where('id', '=', identityId).where('customer_id', '=', customerId).executeTakeFirst();

export async function identitiesOf(db: Kysely<DB>, customerIds: number[]): Promise<Map<number, IdentityRow[]>> {
  const map = new Map<number, IdentityRow[]>();
  if (customerIds.length === 0) return map;
  const rows = await db
    .selectFrom('customer_identities')
    .select(['id', 'customer_id', 'kind', 'value'])
    .where('customer_id', '=', anyOf(customerIds, 'bigint'))
    .orderBy('id')
    .execute();
  for (const row of rows) map.set(row.customer_id, [...(map.get(row.customer_id) ?? []), row]);
  return map;
}

export interface CustomerListQuery {
  q?: string | undefined;
  organizationId?: number | undefined;
  afterId?: number | undefined;
  limit: number;
}

/** Newest first; `q` matches the name or any identity by substring (trigram indexes). */
export function listCustomers(db: Kysely<DB>, query: CustomerListQuery) {
  let select = db.selectFrom('customers').selectAll().where('merged_into_id', 'is', null);
  if (query.q) {
    const pattern = containing(query.q);
    select = select.where((eb) =>
      eb.or([
        eb('name', 'ilike', pattern),
        eb('id', 'in', eb.selectFrom('customer_identities').select('customer_id').where('value', 'ilike', pattern)),
      ]),
    );
  }
  if (query.organizationId) select = select.where('organization_id', '=', query.organizationId);
  if (query.afterId) select = select.where('id', '<', query.afterId);
  return select.orderBy('id', 'desc').limit(query.limit + 1).execute();
}

/** Moves everything of `sourceId` to `targetId` and marks the source as merged. */
export async function moveCustomer(db: Kysely<DB>, sourceId: number, targetId: number, now: Date) {
  await db.updateTable('customer_identities').set({ customer_id: targetId }).where('customer_id', '=', sourceId).execute();
  await db.updateTable('tickets').set({ customer_id: targetId }).where('customer_id', '=', sourceId).execute();
  await db.updateTable('messages').set({ author_customer_id: targetId }).where('author_customer_id', '=', sourceId).execute();
  await db.updateTable('customers').set({ merged_into_id: targetId, updated_at: now }).where('id', '=', sourceId).execute();
  await db.updateTable('customers').set({ merged_into_id: targetId }).where('merged_into_id', '=', sourceId).execute();
}

/** The distinct team and assignee pairs of each customer's tickets: who may see the customer. */
export async function customerTicketScopes(db: Kysely<DB>, customerIds: number[]): Promise<Map<number, Array<{ team_id: number | null; assignee_id: number | null }>>> {
  const map = new Map(customerIds.map((id) => [id, [] as Array<{ team_id: number | null; assignee_id: number | null }>]));
  if (customerIds.length === 0) return map;
  const rows = await db.selectFrom('tickets').select(['customer_id', 'team_id', 'assignee_id']).distinct().where('customer_id', '=', anyOf(customerIds, 'bigint')).execute();
  for (const row of rows) map.get(row.customer_id)?.push({ team_id: row.team_id, assignee_id: row.assignee_id });
  return map;
}

export const insertOrganization = (db: Kysely<DB>, name: string, domain: string | null) =>
  db.insertInto('organizations').values({ name, domain }).returningAll().executeTakeFirstOrThrow();

export const findOrganization = (db: Kysely<DB>, id: number) => db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();

export const findOrganizationByDomain = (db: Kysely<DB>, domain: string) =>
  db.selectFrom('organizations').selectAll().where(sql<string>`lower(domain)`, '=', domain.toLowerCase()).executeTakeFirst();

/** `%text%` for ILIKE, with the pattern characters of the text escaped. */
export const containing = (text: string) => `%${escapeLike(text)}%`;

/** By name; `q` matches part of the name or the domain; `after` is the last [name, id] of the previous page. */
export function listOrganizations(db: Kysely<DB>, query: { q?: string | undefined; after?: readonly (string | number)[] | undefined; limit: number }) {
  let select = db.selectFrom('organizations').selectAll();
  if (query.q) {
    const pattern = containing(query.q);
    select = select.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('domain', 'ilike', pattern)]));
  }
  if (query.after) select = select.where(sql<SqlBool>`(name, id) > (${query.after[0]}, ${query.after[1]}::bigint)`);
  return select.orderBy('name').orderBy('id').limit(query.limit + 1).execute();
}

export const updateOrganizationRow = (db: Kysely<DB>, id: number, changes: { name?: string; domain?: string | null }) =>
  db.updateTable('organizations').set(changes).where('id', '=', id).returningAll().executeTakeFirst();

export async function countCustomersOf(db: Kysely<DB>, organizationId: number): Promise<number> {
  const row = await db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).where('organization_id', '=', organizationId).where('merged_into_id', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A customer's tickets follow the customer into (or out of) an organization, so the organization lists them. */
export const setTicketsOrganization = (db: Kysely<DB>, customerId: number, organizationId: number | null) =>
  db.updateTable('tickets').set({ organization_id: organizationId }).where('customer_id', '=', customerId).where('organization_id', 'is distinct from', organizationId).execute();

/** In the order given (identity values are drawn in VALUES order). */
export const insertCustomers = async (db: Kysely<DB>, rows: Insertable<CustomersTable>[]) =>
  (await insertInSlices(rows, (slice) => db.insertInto('customers').values(slice).returningAll().execute())).sort((a, b) => a.id - b.id);

export const findIdentities = (db: Kysely<DB>, identities: Array<{ kind: string; value: string }>) =>
  identities.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('customer_identities')
        .select(['id', 'customer_id', 'kind', 'value'])
        .where(sql<SqlBool>`(kind, value) IN (SELECT * FROM unnest(${arrayOf(identities.map((identity) => identity.kind), 'text')}, ${arrayOf(identities.map((identity) => identity.value), 'text')}))`)
        .execute();

/** Adds identities that nobody has yet; returns those it added. */
export const claimIdentities = (db: Kysely<DB>, rows: Array<{ customer_id: number; kind: string; value: string }>) =>
  insertInSlices(rows, (slice) =>
    db.insertInto('customer_identities').values(slice).onConflict((oc) => oc.columns(['kind', 'value']).doNothing()).returning(['id', 'customer_id', 'kind', 'value']).execute(),
  );

/** Organization ids by email domain (lowercase), for the domains that have one. */
export async function organizationsForEmails(db: Kysely<DB>, emails: string[]): Promise<Map<string, number>> {
  const domains = [...new Set(emails.map((email) => email.split('@')[1]?.toLowerCase()).filter((domain): domain is string => !!domain))];
  if (domains.length === 0) return new Map();
  const rows = await db.selectFrom('organizations').select(['id', sql<string>`lower(domain)`.as('domain')]).where(sql<string>`lower(domain)`, '=', anyOf(domains, 'text')).execute();
  return new Map(rows.map((row) => [row.domain, row.id]));
}

/** Each way a search finds customers reads at most this many rows, so a common piece ("gmail") costs the same as a rare one. */
const MATCHES_PER_WAY = 100;

/**
 * Customers (not merged away) an agent may mean by what they typed: the owners of an identity
 * (email, handle, phone) equal to it, alone, when there are any; otherwise, closest first, a name
 * that starts with the text, then a name, identity or phone number that contains it, then the
 * people of the organizations given (those whose name contains it). Trigram indexes serve the substrings.
 */
export async function matchCustomers(db: Kysely<DB>, terms: SearchTerms, organizationIds: number[], limit: number): Promise<number[]> {
  const exact = terms.text.toLowerCase();
  const values = terms.phoneDigits ? [exact, terms.phoneDigits, `+${terms.phoneDigits}`] : [exact];
  // An email, handle or phone typed whole is unambiguous, and cheap through the unique index; the
  // substring ways are not tried then (a long text of common trigrams costs tens of milliseconds).
  const identical = await db
    .selectFrom('customer_identities')
    .innerJoin('customers', 'customers.id', 'customer_identities.customer_id')
    .select('customers.id')
    .distinct()
    .where('customer_identities.kind', '=', anyOf(identityKinds, 'text'))
    .where('customer_identities.value', '=', anyOf(values, 'text'))
    .where('customers.merged_into_id', 'is', null)
    .orderBy('customers.id', 'desc')
    .limit(limit)
    .execute();
  if (identical.length > 0) return identical.map((row) => row.id);
  const ways = [];
  if (terms.phoneDigits) ways.push(sql`(SELECT customer_id, 2 AS rank FROM customer_identities WHERE kind IN ('phone', 'whatsapp') AND value LIKE ${`%${terms.phoneDigits}%`} LIMIT ${MATCHES_PER_WAY})`);
  if (terms.contains) {
    const prefix = terms.contains.slice(1);
    ways.push(sql`(SELECT id AS customer_id, CASE WHEN name ILIKE ${prefix} THEN 1 ELSE 2 END AS rank FROM customers WHERE name ILIKE ${terms.contains} LIMIT ${MATCHES_PER_WAY})`);
    ways.push(sql`(SELECT customer_id, 2 AS rank FROM customer_identities WHERE value ILIKE ${terms.contains} LIMIT ${MATCHES_PER_WAY})`);
  }
  // By the organizations found first (matchOrganizations): joined here, the planner misjudges how
  // few organizations match and walks the customers of all of them.
  if (organizationIds.length > 0) ways.push(sql`(SELECT id AS customer_id, 3 AS rank FROM customers WHERE organization_id = ANY(${arrayOf(organizationIds, 'bigint')}) LIMIT ${MATCHES_PER_WAY})`);
  if (ways.length === 0) return [];
  const rows = await sql<{ id: number }>`
    SELECT c.id FROM (${sql.join(ways, sql` UNION ALL `)}) AS m JOIN customers c ON c.id = m.customer_id AND c.merged_into_id IS NULL
    GROUP BY c.id ORDER BY min(m.rank), c.id DESC LIMIT ${limit}`.execute(db);
  return rows.rows.map((row) => row.id);
}

/** Organizations whose name contains the text (trigram index), at most `limit`. */
export async function matchOrganizations(db: Kysely<DB>, terms: SearchTerms, limit: number): Promise<number[]> {
  if (!terms.contains) return [];
  const rows = await db.selectFrom('organizations').select('id').where('name', 'ilike', terms.contains).orderBy('id').limit(limit).execute();
  return rows.map((row) => row.id);
}

/** What a suggestion shows of each customer: name, first email and phone, organization. */
export async function customerSummaries(db: Kysely<DB>, ids: number[]) {
  if (ids.length === 0) return [];
  const identity = (kinds: string[]) =>
    sql<string | null>`(SELECT value FROM customer_identities ci WHERE ci.customer_id = customers.id AND ci.kind = ANY(${arrayOf(kinds, 'text')}) ORDER BY ci.id LIMIT 1)`;
  return db
    .selectFrom('customers')
    .leftJoin('organizations', 'organizations.id', 'customers.organization_id')
    .select(['customers.id', 'customers.name', 'organizations.name as organization_name'])
    .select([identity(['email']).as('email'), identity(['phone', 'whatsapp']).as('phone')])
    .where('customers.id', '=', anyOf(ids, 'bigint'))
    .execute();
}

/** The last 9 digits of a number: the same phone whether written +995 599 11 22 33 or 599112233. */
const numberTail = (column: string) => sql<string>`right(regexp_replace(${sql.ref(column)}, '[^0-9]', '', 'g'), 9)`;

/**
 * Other customers who may be this one (not merged): a phone or WhatsApp number ending in the same 9
 * digits (index customer_identities_number_tail), or the same name of at least two words
 * (customers_lower_name). At most `limit`, strongest reason first.
 */
export async function matchingCustomers(db: Kysely<DB>, customerId: number, limit: number): Promise<Array<{ id: number; reason: 'number' | 'name' }>> {
  const byNumber = await db
    .selectFrom('customer_identities as mine')
    .innerJoin('customer_identities as other', (join) => join.on(numberTail('other.value'), '=', numberTail('mine.value')).on('other.customer_id', '<>', customerId))
    .innerJoin('customers', 'customers.id', 'other.customer_id')
    .select('customers.id')
    .distinct()
    .where('mine.customer_id', '=', customerId)
    .where('mine.kind', 'in', ['phone', 'whatsapp'])
    .where('other.kind', 'in', ['phone', 'whatsapp'])
    .where(sql<boolean>`length(regexp_replace(mine.value, '[^0-9]', '', 'g')) >= 9`)
    .where('customers.merged_into_id', 'is', null)
    .orderBy('customers.id')
    .limit(limit)
    .execute();
  const byName = await db
    .selectFrom('customers as me')
    .innerJoin('customers', (join) => join.on(sql`lower(customers.name)`, '=', sql`lower(me.name)`).on('customers.id', '<>', customerId))
    .select('customers.id')
    .where('me.id', '=', customerId)
    .where(sql<boolean>`me.name ~ '\\S\\s+\\S'`)
    .where('customers.merged_into_id', 'is', null)
    .where('customers.unknown_sender', '=', false)
    .orderBy('customers.id')
    .limit(limit)
    .execute();
  const seen = new Set(byNumber.map((row) => row.id));
  return [...byNumber.map((row) => ({ id: row.id, reason: 'number' as const })), ...byName.filter((row) => !seen.has(row.id)).map((row) => ({ id: row.id, reason: 'name' as const }))].slice(0, limit);
}
