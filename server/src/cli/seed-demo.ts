// `seed-demo`: fills an instance with organizations, customers, agents and ~40 tickets with their
// conversations, through the same domain verbs the API uses (so history and events are real).
// Everything is written in one transaction; a second run finds the marker and adds nothing.
import { sql, type Kysely } from 'kysely';
import type { TicketStatus } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import { findAgentByEmail, createAgent } from '../agents/verbs.ts';
import { findIdentity, findOrganizationByDomain, insertOrganization, findOrCreateCustomer, updateCustomer } from '../customers/verbs.ts';
import { findTeamByName, insertTeam } from '../teams/verbs.ts';
import { addMessage, createTicket, updateTicket, type Actor } from '../tickets/verbs.ts';
import { DEMO_AGENT_PASSWORD, demoAgents, demoCustomers, demoOrganizations, demoTeams, type DemoCustomer } from './demo-people.ts';
import { demoTickets, type DemoTicket } from './demo-tickets.ts';
import { anyOf } from '../db/bulk.ts';

export interface SeedResult {
  /** True when the demo data was already there. */
  skipped: boolean;
  organizations: number;
  customers: number;
  tickets: number;
  messages: number;
  agents: { email: string; name: string; role: string }[];
  agentPassword: string;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export async function seedDemo(db: Kysely<DB>, now: Date): Promise<SeedResult> {
  return db.transaction().execute(async (tx) => {
    const teams = await ensureTeams(tx);
    const agents = await ensureAgents(tx, teams);
    const result: SeedResult = {
      skipped: true,
      organizations: 0,
      customers: 0,
      tickets: 0,
      messages: 0,
      agents: demoAgents.map((agent) => ({ email: agent.email, name: agent.name, role: agent.role })),
      agentPassword: DEMO_AGENT_PASSWORD,
    };
    // Seeded before: the first demo customer's address is known (an organization's domain can be
    // edited since, so it is no proof on its own).
    if (await findIdentity(tx, 'email', demoCustomers[0]!.email)) return result;

    // Each organization once: one whose domain is taken already (kept, or edited into it) is left as it is.
    for (const organization of demoOrganizations) {
      if (!(await findOrganizationByDomain(tx, organization.domain))) await insertOrganization(tx, organization.name, organization.domain);
    }
    const customers = new Map<string, number>();
    for (const customer of demoCustomers) customers.set(customer.email, await ensureCustomer(tx, customer, new Date(now.getTime() - 60 * DAY)));

    const replies: number[] = [];
    for (const [index, ticket] of demoTickets.entries()) {
      const customerId = customers.get(ticket.customer);
      if (!customerId) throw new Error(`demo ticket "${ticket.subject}" names an unknown customer ${ticket.customer}`);
      replies.push(...(await seedTicket(tx, ticket, index, { customerId, agents, teams }, now)));
      result.messages += ticket.turns.length;
    }
    await settleDemoDeliveries(tx, replies, now);
    return { ...result, skipped: false, organizations: demoOrganizations.length, customers: customers.size, tickets: demoTickets.length };
  });
}

async function ensureTeams(tx: Kysely<DB>): Promise<Map<string, number>> {
  const names = new Set([...demoTeams, ...demoTickets.map((ticket) => ticket.team), ...demoAgents.flatMap((agent) => agent.teams)]);
  const teams = new Map<string, number>();
  for (const name of names) teams.set(name, ((await findTeamByName(tx, name)) ?? (await insertTeam(tx, name))).id);
  return teams;
}

async function ensureAgents(tx: Kysely<DB>, teams: Map<string, number>): Promise<Map<string, number>> {
  const agents = new Map<string, number>();
  for (const agent of demoAgents) {
    const existing = await findAgentByEmail(tx, agent.email);
    const id =
      existing?.id ??
      (
        await createAgent(tx, {
          email: agent.email,
          name: agent.name,
          alias: agent.alias,
          role: agent.role,
          password: DEMO_AGENT_PASSWORD,
          languages: agent.languages,
          timeZone: agent.timeZone,
          teamIds: agent.teams.map((team) => teams.get(team)!),
        })
      ).id;
    agents.set(agent.key, id);
  }
  return agents;
}

async function ensureCustomer(tx: Kysely<DB>, customer: DemoCustomer, at: Date): Promise<number> {
  const row = await findOrCreateCustomer(tx, { kind: 'email', value: customer.email, name: customer.name }, at);
  const addIdentities = [
    ...(customer.telegram ? [{ kind: 'telegram' as const, value: customer.telegram }] : []),
    ...(customer.phone ? [{ kind: 'phone' as const, value: customer.phone }] : []),
  ];
  await updateCustomer(tx, row.id, { language: customer.language, addIdentities }, {}, at);
  return row.id;
}

interface Refs {
  customerId: number;
  agents: Map<string, number>;
  teams: Map<string, number>;
}

/** Plays one conversation out in time; returns the ids of the public agent replies. */
async function seedTicket(tx: Kysely<DB>, demo: DemoTicket, index: number, refs: Refs, now: Date): Promise<number[]> {
  const [opening, ...turns] = demo.turns;
  if (!opening || opening[0] !== 'c') throw new Error(`demo ticket "${demo.subject}" must open with the customer's message`);
  const length = demo.turns.reduce((sum, turn) => sum + turn[1], 0);
  // Spread the start over the day so the lists do not look machine-made, and end before now.
  let at = new Date(now.getTime() - demo.daysAgo * DAY - (length + 15 + ((index * 53) % 240)) * MINUTE);
  const customer: Actor = { kind: 'customer', customerId: refs.customerId };
  const agentId = demo.assignee ? refs.agents.get(demo.assignee) : undefined;
  if (demo.assignee && !agentId) throw new Error(`demo ticket "${demo.subject}" names an unknown agent ${demo.assignee}`);
  const agent: Actor = { kind: 'agent', agentId: agentId ?? null };

  const { ticket } = await createTicket(
    tx,
    {
      subject: demo.subject,
      customerId: refs.customerId,
      channel: demo.channel,
      priority: demo.priority,
      teamId: refs.teams.get(demo.team) ?? null,
      tags: demo.tags,
      language: demo.language,
      message: { bodyText: opening[2], direction: 'inbound', language: demo.language },
    },
    customer,
    at,
  );
  // The ticket arrives unassigned; its agent takes it shortly before doing anything on it.
  if (agentId) await updateTicket(tx, ticket.id, { assigneeId: agentId }, agent, new Date(at.getTime() + Math.max(1, (turns[0]?.[1] ?? 10) - 1) * MINUTE));
  const replies: number[] = [];
  for (const [who, minutes, text] of turns) {
    at = new Date(at.getTime() + minutes * MINUTE);
    if (who === 'c') {
      await addMessage(tx, ticket.id, { bodyText: text, direction: 'inbound', language: demo.language }, customer, at);
    } else {
      const added = await addMessage(tx, ticket.id, { bodyText: text, direction: 'outbound', internal: who === 'n', authorAgentId: agentId, language: demo.language }, agent, at);
      if (who === 'a') replies.push(added.message.id);
    }
  }
  await settleStatus(tx, ticket.id, demo.status, agent, at, now, demo.language);
  return replies;
}

/** Why the demo's agents solve a ticket whose customer wrote last (a thank-you): the reason the desk asks for. */
const solvedReasons: Record<string, string> = {
  en: 'The customer confirmed it works; nothing is left to answer.',
  ru: 'Клиент подтвердил, что всё работает; отвечать больше не на что.',
  ka: 'მომხმარებელმა დაადასტურა, რომ ყველაფერი მუშაობს; საპასუხო აღარაფერია.',
};

async function settleStatus(tx: Kysely<DB>, ticketId: number, status: TicketStatus, agent: Actor, at: Date, now: Date, language: string) {
  const later = (minutes: number) => new Date(Math.min(now.getTime(), at.getTime() + minutes * MINUTE));
  if (status === 'new' || status === 'open') return;
  const reason = solvedReasons[language] ?? solvedReasons.en!;
  if (status === 'closed') {
    await updateTicket(tx, ticketId, { status: 'solved', reason }, agent, later(5));
    // Solved tickets close by themselves after a few quiet days.
    await updateTicket(tx, ticketId, { status: 'closed' }, { kind: 'system' }, later(4 * 24 * 60));
    return;
  }
  await updateTicket(tx, ticketId, { status, ...(status === 'solved' && { reason }) }, agent, later(5));
}

/**
 * The demo's replies are history, not mail to send: mark them delivered and retire their queued
 * delivery jobs so a demo instance does not try to mail the .example addresses.
 * (This belongs in outbound/ as a verb once that feature exists.)
 */
async function settleDemoDeliveries(tx: Kysely<DB>, messageIds: number[], now: Date) {
  if (messageIds.length === 0) return;
  await tx.updateTable('messages').set({ delivery_status: 'delivered', sent_at: sql`created_at` }).where('id', '=', anyOf(messageIds, 'bigint')).where('delivery_status', '=', 'queued').execute();
  await tx
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now })
    .where('kind', '=', 'outbound.deliver')
    .where('status', '=', 'pending')
    .where(sql<number>`(payload->>'messageId')::bigint`, '=', anyOf(messageIds, 'bigint'))
    .execute();
}
