// Which domain events an agent's live connection may receive.
import type { Principal } from '../auth/principal.ts';
import { canSeeTicket, seesAllTickets } from '../auth/policy.ts';
import type { DomainEvent } from '../events/append.ts';

const asId = (value: unknown): number | null => (typeof value === 'number' ? value : null);

export function mayReceive(principal: Principal, event: DomainEvent): boolean {
  if (event.ticketId === null || seesAllTickets(principal)) return true;
  const payload = event.payload;
  if (canSeeTicket(principal, { team_id: asId(payload.teamId), assignee_id: asId(payload.assigneeId) })) return true;
  // A ticket that just left the agent's scope: they still hear of it, so their lists drop it.
  const changes = payload.changes as Record<string, [unknown, unknown]> | undefined;
  if (!changes?.teamId && !changes?.assigneeId) return false;
  return canSeeTicket(principal, {
    team_id: asId(changes.teamId ? changes.teamId[0] : payload.teamId),
    assignee_id: asId(changes.assigneeId ? changes.assigneeId[0] : payload.assigneeId),
  });
}
