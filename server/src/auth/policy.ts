// Who may do what. Route handlers ask here; nothing else decides permissions.
import type { Principal } from './principal.ts';
import { forbidden } from '../errors.ts';

export type Action =
  | 'tickets.read'
  | 'tickets.create'
  | 'tickets.update'
  | 'tickets.reply'
  | 'tickets.note'
  | 'customers.read'
  | 'customers.write'
  | 'agents.read'
  | 'agents.manage'
  | 'teams.manage'
  | 'mailboxes.manage'
  | 'channels.manage'
  | 'inbox.manage'
  | 'jobs.manage'
  | 'audit.read'
  | 'calendars.read'
  | 'calendars.manage'
  | 'tokens.own';

const everyone: Action[] = ['tickets.read', 'tickets.note', 'customers.read', 'agents.read', 'calendars.read', 'tokens.own'];
const agents: Action[] = [...everyone, 'tickets.create', 'tickets.update', 'tickets.reply', 'customers.write'];

const grants: Record<Principal['role'], ReadonlySet<Action>> = {
  light_agent: new Set(everyone),
  agent: new Set(agents),
  supervisor: new Set([...agents, 'inbox.manage', 'jobs.manage']),
  admin: new Set([...agents, 'inbox.manage', 'jobs.manage', 'agents.manage', 'teams.manage', 'mailboxes.manage', 'channels.manage', 'calendars.manage', 'audit.read']),
};

export const can = (principal: Principal, action: Action): boolean => grants[principal.role].has(action);

export function authorize(principal: Principal, action: Action): void {
  if (!can(principal, action)) throw forbidden(`Your role (${principal.role.replace('_', ' ')}) may not do this (${action}).`);
}

/** Admins and supervisors see every ticket; others see their teams' tickets, tickets with no team, and their own. */
export const seesAllTickets = (principal: Principal): boolean => principal.role === 'admin' || principal.role === 'supervisor';

export function canSeeTicket(principal: Principal, ticket: { team_id: number | null; assignee_id: number | null }): boolean {
  return (
    seesAllTickets(principal) ||
    ticket.team_id === null ||
    ticket.assignee_id === principal.id ||
    principal.teamIds.includes(ticket.team_id)
  );
}
