// The demo conversations: what each ticket is about, who asked, who answered, where it stands.
import type { Channel, TicketPriority, TicketStatus } from '@frontline/shared';
import { englishTickets } from './demo-tickets-en.ts';
import { russianTickets } from './demo-tickets-ru.ts';
import { georgianTickets } from './demo-tickets-ka.ts';

/** c: the customer writes; a: the assignee replies; n: the assignee leaves an internal note. */
export type Turn = [who: 'c' | 'a' | 'n', minutesAfterPrevious: number, text: string];

export interface DemoTicket {
  /** The customer's email (see demo-people.ts). */
  customer: string;
  subject: string;
  language: 'en' | 'ru' | 'ka';
  channel: Channel;
  priority: TicketPriority;
  /** Where the ticket ends up after its conversation. */
  status: TicketStatus;
  team: string;
  /** A demo agent's key; absent for tickets nobody has taken yet. */
  assignee?: string;
  tags: string[];
  /** When the customer first wrote, in days before the seeding. */
  daysAgo: number;
  /** The first turn is the customer's opening message. */
  turns: Turn[];
}

export const demoTickets: DemoTicket[] = [...englishTickets, ...russianTickets, ...georgianTickets];
