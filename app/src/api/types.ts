// The shapes the app reads from /api/v1, under the names the app uses. No shape is written by hand:
// each names a type generated from the server's schemas (generated.ts, `npm run api-types`), so a
// change on the server shows here as a type error instead of a screen reading a missing field.
import type { AgentRole, Locale, TicketPriority, TicketStatus } from '@frontline/shared';
import type { components, paths } from './generated';

export type { AgentRole, Locale, TicketPriority, TicketStatus };

type Schemas = components['schemas'];
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type SuccessBody<Responses> = {
  [Status in keyof Responses]: Status extends 200 | 201 ? (Responses[Status] extends { content: { 'application/json': infer Body } } ? Body : never) : never;
}[keyof Responses];

/** What an operation answers on success, e.g. `Answer<'/tickets/counts'>` or `Answer<'/teams', 'post'>`. */
export type Answer<Path extends keyof paths extends `/api/v1${infer P}` ? P : never, M extends Method = 'get'> = `/api/v1${Path}` extends keyof paths
  ? paths[`/api/v1${Path}`][M] extends { responses: infer Responses }
    ? SuccessBody<Responses>
    : never
  : never;

/** What an operation takes as its JSON body. */
export type BodyOf<Path extends keyof paths extends `/api/v1${infer P}` ? P : never, M extends Method> = `/api/v1${Path}` extends keyof paths
  ? paths[`/api/v1${Path}`][M] extends { requestBody?: { content: { 'application/json': infer Body } } }
    ? Body
    : never
  : never;

/** Every paginated list answers one page and where the next starts. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Agent = Schemas['Agent'];
export type Me = Schemas['Me'];
export type Team = Schemas['Team'];
export type ApiToken = Schemas['ApiToken'];
/** A token as POST /me/tokens answers it: the secret is shown this once. */
export type ApiTokenCreated = Schemas['ApiTokenCreated'];

export type CustomerRef = Schemas['CustomerRef'];
/** A ticket as the lists (and search) answer it: with its customer and whether you have read it. */
export type Ticket = Schemas['TicketListItem'];
export type TicketDetail = Schemas['TicketDetail'];
export type TicketRef = Schemas['TicketRef'];
export type Attachment = Schemas['Attachment'];
export type Message = Schemas['Message'];
export type MessageRecipient = Schemas['MessageRecipient'];
export type DeliveryStatus = NonNullable<Message['deliveryStatus']>;
/** What POST /messages/{id}/retry answers: the message's delivery, not the whole message. */
export type MessageDelivery = Schemas['MessageDelivery'];
export type Participant = Schemas['Participant'];
export type ReplyTarget = Schemas['ReplyTarget'];
export type ReplyIssue = Schemas['ReplyIssue'];
export type FailedDelivery = Schemas['FailedDelivery'];
export type HistoryEntry = Schemas['HistoryEntry'];

export type Identity = Schemas['Identity'];
/** A customer as lists answer it (no tickets). */
export type Customer = Schemas['Customer'];
/** A customer as GET /customers/{id} answers it: with its organization and recent tickets. */
export type CustomerDetail = Schemas['CustomerDetail'];
export type OrganizationRef = Schemas['OrganizationRef'];
export type Organization = Schemas['Organization'];
export type OrganizationDetail = Schemas['OrganizationDetail'];
export type AuditEntry = Schemas['AuditEntry'];
export type SearchResult = Schemas['SearchResult'];
export type CustomerSuggestion = Schemas['CustomerSuggestion'];

/** A list that compiles only when it names every member of `Union`, each a member of it. */
const everyOf =
  <Union extends string>() =>
  <const List extends readonly Union[]>(list: List & ([Union] extends [List[number]] ? unknown : never)) =>
    list;

export type Counts = Schemas['TicketCounts'];
export type View = Exclude<keyof Counts, 'capped'>;
/** The inbox's views, in the order the sidebar shows them. */
export const views = everyOf<View>()(['unassigned', 'unanswered', 'mine', 'team', 'open', 'pending', 'solved', 'spam', 'all']);

export type Mailbox = Schemas['Mailbox'];
export type WebForm = Schemas['WebForm'];
export type PortalMe = Schemas['PortalMe'];
export type PortalTicket = Schemas['PortalTicket'];
export type PortalTicketDetail = Schemas['PortalTicketDetail'];
export type PortalMessage = Schemas['PortalMessage'];
export type PortalCreated = Schemas['PortalCreated'];
export type ChatSite = Schemas['ChatSite'];
export type TelegramBot = Schemas['TelegramBot'];
export type WhatsappNumber = Schemas['WhatsappNumber'];
export type VkCommunity = Schemas['VkCommunity'];
export type PhoneIntegration = Schemas['PhoneIntegration'];
export type PhoneIntegrationWithToken = Schemas['PhoneIntegrationWithToken'];
/** A business-hours calendar, with whether it is open now and when that next changes. */
export type Calendar = Schemas['Calendar'];
export type CalendarPeriod = Schemas['CalendarPeriod'];
export type CalendarHoliday = Schemas['CalendarHoliday'];
export type MailSecurity = NonNullable<Mailbox['smtp']>['security'];

/** One item of the raw inbox: an email (or chat update) as received, and how processing went. */
export type InboundItem = Schemas['InboundItem'];
export type InboundStatus = InboundItem['status'];
/** A durable job (GET /admin/jobs): reactions to events among them. */
export type Job = Schemas['Job'];
export type JobStatus = Job['status'];
/** The raw inbox's tabs, in the order the screen shows them. */
export const inboundStatuses = everyOf<InboundStatus>()(['failed', 'held', 'pending', 'processed']);

export type SetupState = Schemas['SetupState'];
export type TagUse = Schemas['TagUse'];
