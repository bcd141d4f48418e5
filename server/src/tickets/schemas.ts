import { Type } from '@sinclair/typebox';
import { channels, ticketPriorities, ticketStatuses } from '@frontline/shared';
import { Email, Id, Limit, Name, Nullable, Strict, StringEnum, Timestamp } from '../http/schema-kit.ts';
import { ReplyIssue, ReplyTarget } from '../deliveries/schemas.ts';

const Language = Type.String({ pattern: '^[a-z]{2,3}$', description: 'ISO 639 code, e.g. ru, en, ka.' });
const Tag = Type.String({ minLength: 1, maxLength: 50, pattern: '^[^,\\s][^,]*$' });
const Body = Type.String({ minLength: 1, maxLength: 200_000 });

export const views = ['unassigned', 'unanswered', 'mine', 'team', 'open', 'pending', 'solved', 'spam', 'all'] as const;
/** `waiting`: the longest-waiting customer first, only tickets whose customer waits for an answer (the Unanswered board's order). */
export const sorts = ['updated', '-updated', 'created', '-created', 'waiting'] as const;

export const CustomerRef = Type.Object(
  { id: Type.Integer(), name: Type.String(), email: Nullable(Type.String()), unknownSender: Type.Optional(Type.Boolean()) },
  { title: 'CustomerRef' },
);

export const Ticket = Type.Object({
  id: Type.Integer(),
  number: Type.Integer({ description: 'The human-friendly number, shown as #1234.' }),
  subject: Type.String(),
  status: StringEnum(ticketStatuses),
  priority: StringEnum(ticketPriorities),
  channel: Type.String(),
  teamId: Nullable(Type.Integer()),
  assigneeId: Nullable(Type.Integer()),
  tags: Type.Array(Type.String()),
  language: Nullable(Type.String()),
  customerId: Type.Integer(),
  organizationId: Nullable(Type.Integer()),
  linkedTicketId: Nullable(Type.Integer()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  firstResponseAt: Nullable(Timestamp),
  lastCustomerMessageAt: Nullable(Timestamp),
  lastAgentMessageAt: Nullable(Timestamp),
  solvedAt: Nullable(Timestamp),
  closedAt: Nullable(Timestamp),
  mailboxId: Nullable(Type.Integer({ description: 'The mailbox an email ticket came in on and is answered from.' })),
  mergedIntoId: Nullable(Type.Integer({ description: 'Set when this ticket was merged into another: its conversation continues there.' })),
  lastMessagePreview: Type.String({ description: 'The last message a person wrote (automatic ones left out): one line of plain text without quoted history, at most 200 characters.' }),
  lastMessageAuthor: Nullable(StringEnum(['customer', 'agent', 'note'] as const, { description: 'Who wrote that message: the customer, an agent (a public reply) or an internal note.' })),
  customerWaitingSince: Nullable(Timestamp),
}, { title: 'Ticket' });

export const TicketListItem = Type.Composite(
  [
    Ticket,
    Type.Object({
      customer: CustomerRef,
      unread: Type.Boolean({ description: 'The customer wrote after you last opened this ticket (or you never opened it). PUT /tickets/{id}/read marks it read.' }),
    }),
  ],
  { title: 'TicketListItem', description: 'A ticket as lists show it: with its customer and whether you have read it.' },
);

export const Attachment = Type.Object({
  id: Type.Integer(),
  messageId: Type.Integer(),
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  contentId: Nullable(Type.String()),
  url: Type.String(),
}, { title: 'Attachment' });

export const MessageRecipient = Type.Object(
  {
    address: Type.String(),
    name: Type.String(),
    kind: StringEnum(['to', 'cc'] as const),
    status: StringEnum(['queued', 'sent', 'failed'] as const, { description: 'queued: still to be sent (or refused for now and retried); sent: the relay accepted it; failed: refused.' }),
    response: Nullable(Type.String({ description: "The relay's last answer about this recipient." })),
    attempts: Type.Integer(),
    answeredAt: Nullable(Timestamp),
  },
  { title: 'MessageRecipient', description: 'One recipient of an outbound email and how its delivery went.' },
);

export const Message = Type.Object({
  id: Type.Integer(),
  ticketId: Type.Integer(),
  internal: Type.Boolean({ description: 'An internal note, never shown to the customer.' }),
  direction: StringEnum(['inbound', 'outbound'] as const),
  authorAgentId: Nullable(Type.Integer()),
  authorCustomerId: Nullable(Type.Integer()),
  bodyText: Type.String(),
  bodyHtml: Nullable(Type.String({ description: 'Sanitized HTML.' })),
  language: Nullable(Type.String()),
  channel: Type.String(),
  deliveryStatus: Nullable(StringEnum(['queued', 'sent', 'delivered', 'failed'] as const)),
  deliveryError: Nullable(Type.String()),
  /** While a queued message waits for its relay, which is not answering: when it will next be tried. */
  deliveryRetryAt: Nullable(Timestamp),
  sentAt: Nullable(Timestamp),
  recipients: Type.Array(MessageRecipient, { description: 'For an outbound email: each recipient with its delivery state (empty until the first attempt).' }),
  createdAt: Timestamp,
  attachments: Type.Array(Attachment),
  foldAt: Nullable(Type.Integer({ description: 'Where quoted history or a signature starts in bodyText; the view folds the rest away.' })),
  cc: Type.Array(Type.String(), { description: 'Addresses the message was copied to.' }),
  sourceUrl: Nullable(Type.String({ description: 'The raw source of a message that came in by email (message/rfc822).' })),
  mergedFromTicketId: Nullable(Type.Integer({ description: 'The ticket this message belonged to before that ticket was merged into this one.' })),
  claimedFrom: Nullable(
    Type.String({ description: "Set when an email's From is an agent's or a mailbox's own address: the sender only claims to be them (it is not verified), so show it as a claim." }),
  ),
}, { title: 'Message' });

export const Participant = Type.Object({
  email: Type.String(),
  name: Type.String(),
  state: StringEnum(['proposed', 'accepted'] as const, { description: 'Only accepted participants are copied on replies; a proposed one was copied by a stranger and waits for an agent.' }),
  proposedBy: Nullable(Type.String({ description: 'The sender whose email copied a proposed participant.' })),
}, { title: 'Participant' });

export const TicketRef = Type.Object({ id: Type.Integer(), number: Type.Integer(), subject: Type.String() }, { title: 'TicketRef' });

export const TicketDetail = Type.Composite([
  Ticket,
  Type.Object({
    customer: CustomerRef,
    messages: Type.Array(Message),
    participants: Type.Array(Participant),
    replyTarget: ReplyTarget,
    replyIssue: ReplyIssue,
    mergedInto: Nullable(TicketRef),
    mergedFrom: Type.Array(TicketRef, { description: 'Tickets merged into this one (their messages are in this conversation).' }),
  }),
], { title: 'TicketDetail', description: 'A ticket with its conversation, its participants and where a reply goes.' });

export const TicketMergeBody = Strict({ targetId: Id });

export const HistoryEntry = Type.Object({
  id: Type.Integer(),
  field: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  actorKind: Type.String(),
  actorAgentId: Nullable(Type.Integer()),
  createdAt: Timestamp,
}, { title: 'HistoryEntry' });

export const TicketCreateBody = Strict({
  subject: Type.String({ minLength: 1, maxLength: 500 }),
  customer: Strict({
    id: Type.Optional(Id),
    email: Type.Optional(Email),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '^[+]?[0-9 ().-]+$', description: 'Digits, with + ( ) . - and spaces as written.' })),
    name: Type.Optional(Name()),
  }),
  message: Strict({
    body: Type.Optional(Body),
    html: Type.Optional(Body),
    as: Type.Optional(
      StringEnum(['customer', 'note'] as const, {
        default: 'customer',
        description: "customer: the customer's own words (the customer waits for an answer); note: an agent's internal note, e.g. the description of a phone call.",
      }),
    ),
  }),
  channel: Type.Optional(StringEnum(channels)),
  priority: Type.Optional(StringEnum(ticketPriorities)),
  teamId: Type.Optional(Nullable(Id)),
  assigneeId: Type.Optional(Nullable(Id)),
  tags: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
  language: Type.Optional(Language),
});

export const TicketUpdateBody = Strict(
  {
    status: Type.Optional(StringEnum(ticketStatuses)),
    priority: Type.Optional(StringEnum(ticketPriorities)),
    teamId: Type.Optional(Nullable(Id)),
    assigneeId: Type.Optional(Nullable(Id)),
    tags: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    language: Type.Optional(Nullable(Language)),
    reason: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 500,
        description:
          'Why the ticket is solved or closed although its customer waits for an answer (customerWaitingSince is set): required then, recorded in its history; ignored when nobody waits. Only with status solved or closed.',
      }),
    ),
  },
  { description: 'Any of the fields; at least one.' },
);

export const MessageCreateBody = Strict({
  body: Type.Optional(Body),
  html: Type.Optional(Body),
  internal: Type.Optional(Type.Boolean({ description: 'true for an internal note.' })),
});

export const TicketListQuery = Strict({
  view: Type.Optional(StringEnum(views)),
  status: Type.Optional(Type.Array(StringEnum(ticketStatuses), { maxItems: 6, description: 'One or more, repeated or comma-separated.' })),
  priority: Type.Optional(StringEnum(ticketPriorities)),
  teamId: Type.Optional(Id),
  assigneeId: Type.Optional(Type.Union([Id, Type.Literal('none')])),
  tag: Type.Optional(Tag),
  customerId: Type.Optional(Id),
  organizationId: Type.Optional(Id),
  channel: Type.Optional(StringEnum(channels)),
  language: Type.Optional(Language),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  sort: Type.Optional(StringEnum(sorts, { default: '-updated' })),
  limit: Type.Optional(Limit(100, 25)),
  cursor: Type.Optional(Type.String({ maxLength: 300 })),
});

export const TicketList = Type.Object({ items: Type.Array(TicketListItem), nextCursor: Nullable(Type.String()) });

const Count = Type.Integer({ minimum: 0 });
export const TicketCounts = Type.Object({
  unassigned: Count,
  unanswered: { ...Count, description: 'Tickets whose customer has waited longer than the desk\'s unansweredAfterMinutes for an answer (the Unanswered board).' },
  mine: Count,
  team: Count,
  open: Count,
  pending: Count,
  solved: Count,
  spam: Count,
  all: Count,
  capped: Type.Array(StringEnum(views), { description: 'Views whose count reached the cap and is shown as the cap.' }),
}, { title: 'TicketCounts' });
