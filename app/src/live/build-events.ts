// Live events for tests, whole and typed: each builder fills a realistic payload, and a test
// overrides only the fields it is about.
import type { EventPayload, LiveEvent, TicketRowState, TicketView } from '@frontline/shared';

/** The envelope fields a test may set: who did it, on which ticket, which id. */
export type EventFields = Partial<Pick<LiveEvent, 'id' | 'actorAgentId' | 'createdAt'>> & { ticketId?: number };

const envelope = (over: EventFields) => ({ id: 1, ticketId: 9, actorAgentId: null, createdAt: '2026-11-25T10:00:00.000Z', ...over });

const rowState: TicketRowState = {
  status: 'new',
  updatedAt: '2026-11-25T10:00:00.000Z',
  lastMessagePreview: 'Where is my payout?',
  lastMessageAuthor: 'customer',
  lastCustomerMessageAt: '2026-11-25T10:00:00.000Z',
  customerWaitingSince: '2026-11-25T10:00:00.000Z',
};

const ticketView: TicketView = {
  ...rowState,
  number: 1009,
  subject: 'Payout',
  priority: 'normal',
  channel: 'email',
  teamId: null,
  assigneeId: null,
  customerId: 4,
  organizationId: null,
  tags: [],
  language: 'en',
};

export const buildTicketCreated = (payload: Partial<EventPayload<'ticket.created'>> = {}, over: EventFields = {}): LiveEvent<'ticket.created'> => ({
  ...envelope(over),
  type: 'ticket.created',
  payload: { ...ticketView, customer: { name: 'Nino Beridze', unknownSender: false }, messageId: 31, ...payload },
});

export const buildTicketUpdated = (payload: Partial<EventPayload<'ticket.updated'>> = {}, over: EventFields = {}): LiveEvent<'ticket.updated'> => ({
  ...envelope(over),
  type: 'ticket.updated',
  payload: { ...ticketView, changes: { status: ['new', 'open'] }, status: 'open', ...payload },
});

export const buildMessageCreated = (payload: Partial<EventPayload<'message.created'>> = {}, over: EventFields = {}): LiveEvent<'message.created'> => ({
  ...envelope(over),
  type: 'message.created',
  payload: {
    messageId: 31,
    ticketNumber: payload.number ?? ticketView.number,
    number: ticketView.number,
    subject: ticketView.subject,
    internal: false,
    direction: 'inbound',
    channel: 'email',
    teamId: null,
    assigneeId: null,
    ...rowState,
    ...payload,
  },
});
