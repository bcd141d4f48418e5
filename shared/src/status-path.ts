// Which status may follow which, for the server (it refuses the rest) and the app (shortcuts and
// undo take the allowed way). Closed is final: a new message on a closed ticket opens a linked one.
import type { TicketStatus } from './index.ts';

export const statusTransitions: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['open', 'pending', 'on_hold', 'solved', 'closed'],
  open: ['pending', 'on_hold', 'solved', 'closed'],
  pending: ['open', 'on_hold', 'solved', 'closed'],
  on_hold: ['open', 'pending', 'solved', 'closed'],
  solved: ['open', 'closed'],
  closed: [],
};

/** The shortest list of allowed steps from one status to another ([] when equal), or null when there is none. */
export function statusPath(from: TicketStatus, to: TicketStatus): TicketStatus[] | null {
  if (from === to) return [];
  const previous = new Map<TicketStatus, TicketStatus>();
  const queue: TicketStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const next of statusTransitions[at]) {
      if (next === from || previous.has(next)) continue;
      previous.set(next, at);
      if (next === to) {
        const path: TicketStatus[] = [to];
        for (let step = at; step !== from; step = previous.get(step)!) path.unshift(step);
        return path;
      }
      queue.push(next);
    }
  }
  return null;
}
