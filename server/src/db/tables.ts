// Typed view of the schema in migrations/ for Kysely. Columns are snake_case, as in SQL.
import type { ColumnType, Generated } from 'kysely';
import type { Locale } from '@frontline/shared';
import type { Holiday, Calendar } from '../business-hours/types.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;

export interface OrganizationsTable { id: Generated<number>; name: string; domain: string | null; created_at: Timestamp }
export interface CustomersTable {
  id: Generated<number>;
  name: Generated<string>;
  organization_id: number | null;
  language: string | null;
  notes: Generated<string>;
  merged_into_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Made for one email with no sender address (0018): no identities, shown as "Unknown sender". */
  unknown_sender: Generated<boolean>;
}
export interface CustomerIdentitiesTable { id: Generated<number>; customer_id: number; kind: string; value: string; created_at: Timestamp }
export interface AgentsTable {
  id: Generated<number>;
  email: string;
  name: string;
  alias: string;
  role: string;
  password_hash: string | null;
  avatar_url: string | null;
  signature: Generated<string>;
  languages: Generated<string[]>;
  locale: Generated<string>;
  time_zone: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface TeamsTable { id: Generated<number>; name: string; created_at: Timestamp }
export interface TeamMembersTable { team_id: number; agent_id: number }
export interface SessionsTable { token_hash: string; agent_id: number; csrf_token: string; created_at: Timestamp; expires_at: Timestamp }
export interface SignInFailuresTable { email: string; failures: number; last_failed_at: Timestamp; locked_until: NullableTimestamp }
export interface ApiTokensTable {
  id: Generated<number>;
  agent_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}
export interface TicketsTable {
  id: Generated<number>;
  number: Generated<number>;
  subject: string;
  status: Generated<string>;
  priority: Generated<string>;
  channel: string;
  team_id: number | null;
  assignee_id: number | null;
  tags: Generated<string[]>;
  language: string | null;
  customer_id: number;
  organization_id: number | null;
  linked_ticket_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  first_response_at: NullableTimestamp;
  last_customer_message_at: NullableTimestamp;
  last_agent_message_at: NullableTimestamp;
  solved_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  mailbox_id: ColumnType<number | null, number | null | undefined, number | null>;
  merged_into_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The last message a person wrote, one clipped line of plain text (migration 0016). */
  last_message_preview: Generated<string>;
  last_message_author: ColumnType<'customer' | 'agent' | 'note' | null, 'customer' | 'agent' | 'note' | null | undefined, 'customer' | 'agent' | 'note' | null>;
  /** The customer's first public message since the last public agent reply; null when answered. */
  customer_waiting_since: NullableTimestamp;
}
export interface TicketReadsTable {
  agent_id: number;
  ticket_id: number;
  read_at: Timestamp;
}
export interface MessagesTable {
  id: Generated<number>;
  ticket_id: number;
  internal: Generated<boolean>;
  direction: 'inbound' | 'outbound';
  author_agent_id: number | null;
  author_customer_id: number | null;
  body_text: string;
  body_html: string | null;
  language: string | null;
  channel: string;
  delivery_status: string | null;
  delivery_error: string | null;
  delivery_attempts: Generated<number>;
  /** While the message waits for its relay: when it will next be tried. */
  delivery_retry_at: NullableTimestamp;
  sent_at: NullableTimestamp;
  external_id: string | null;
  created_at: Timestamp;
  fold_at: ColumnType<number | null, number | null | undefined, number | null>;
  inbound_item_id: ColumnType<number | null, number | null | undefined, number | null>;
  cc: Generated<string[]>;
  /** The agent's or mailbox's address an inbound mail's From claims (unverified, so shown as a claim). */
  claimed_from: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the delivery last failed (set with delivery_status 'failed'); the Failed deliveries view sorts by it. */
  delivery_failed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The ticket this message was moved from when that ticket was merged into this one. */
  merged_from_ticket_id: ColumnType<number | null, number | null | undefined, number | null>;
}
export interface MessageRecipientsTable {
  message_id: number;
  address: string;
  name: Generated<string>;
  kind: 'to' | 'cc';
  position: Generated<number>;
  status: Generated<'queued' | 'sent' | 'failed'>;
  response: string | null;
  attempts: Generated<number>;
  created_at: Timestamp;
  answered_at: NullableTimestamp;
}
export interface BlobsTable { key: string; data: Uint8Array; created_at: Timestamp }
export interface AttachmentsTable {
  id: Generated<number>;
  message_id: number;
  ticket_id: number;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  blob_key: string;
  content_id: string | null;
  created_at: Timestamp;
}
export interface TicketHistoryTable {
  id: Generated<number>;
  ticket_id: number;
  actor_agent_id: number | null;
  actor_kind: 'agent' | 'customer' | 'system';
  field: string;
  before: Json | null;
  after: Json | null;
  created_at: Timestamp;
}
export interface EventsTable {
  id: Generated<number>;
  type: string;
  ticket_id: number | null;
  actor_agent_id: number | null;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
}
export interface AuditLogTable {
  id: Generated<number>;
  actor_agent_id: number | null;
  action: string;
  subject_type: string;
  subject_id: number | null;
  before: Json | null;
  after: Json | null;
  client_address: string | null;
  created_at: Timestamp;
}
export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<'pending' | 'running' | 'done' | 'dead'>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  last_error: string | null;
  locked_by: string | null;
  locked_until: NullableTimestamp;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
  /** The relay a parked delivery waits for (outbound/relay-gate.ts). */
  waits_for: ColumnType<string | null, string | null | undefined, string | null>;
  waiting_since: NullableTimestamp;
  /** Jobs with the same kind and key run one at a time in id order (per-ticket reactions). */
  order_key: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface ReactionSubscriptionsTable {
  event_type: string;
  reaction: string;
  ordered: boolean;
  max_attempts: number;
  payload_filter: Generated<Record<string, unknown>>;
}
export interface ReactionReceiptsTable {
  job_id: number;
  reacted_at: Timestamp;
}
export interface RelayHealthTable {
  relay: string;
  fingerprint: string;
  state: 'down' | 'refusing';
  failures: number;
  last_error: string;
  down_since: Timestamp;
  next_probe_at: Timestamp;
  probe_until: NullableTimestamp;
  updated_at: Timestamp;
}
export interface InboundItemsTable {
  id: Generated<number>;
  channel: string;
  dedupe_key: string;
  raw: Uint8Array;
  meta: Json<Record<string, unknown>>;
  status: Generated<'pending' | 'processed' | 'failed' | 'held'>;
  error: string | null;
  attempts: Generated<number>;
  ticket_id: number | null;
  message_id: number | null;
  received_at: Timestamp;
  processed_at: NullableTimestamp;
  sender: ColumnType<string | null, string | null | undefined, string | null>;
  outcome: ColumnType<string | null, string | null | undefined, string | null>;
  /** Attempts that started and never finished (migration 0007). */
  unfinished_attempts: Generated<number>;
}
export interface MailboxesTable {
  id: Generated<number>;
  address: string;
  name: string;
  team_id: number | null;
  inbound: Generated<'smtp' | 'imap'>;
  imap_host: string | null;
  imap_port: number | null;
  imap_tls: Generated<boolean>;
  imap_user: string | null;
  imap_password_enc: string | null;
  imap_folder: Generated<string>;
  imap_after: Generated<'seen' | 'move'>;
  imap_move_to: string | null;
  imap_uid_validity: number | null;
  imap_last_uid: Generated<number>;
  imap_error: string | null;
  imap_polled_at: NullableTimestamp;
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_security: Generated<'none' | 'starttls' | 'tls'>;
  smtp_user: string | null;
  smtp_password_enc: string | null;
  acknowledge: Generated<boolean>;
  /** Locale → the mailbox's own acknowledgement text; a missing locale gets the built-in one. */
  acknowledgement_texts: Json<Partial<Record<Locale, string>>>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
/** The telephony systems that report calls through the phone webhook (migration 0026). */
export interface PhoneIntegrationsTable {
  id: Generated<number>;
  name: string;
  team_id: number | null;
  active: Generated<boolean>;
  /** SHA-256 of the webhook token; the token itself is shown once and never stored. */
  token_hash: string;
  token_rotated_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface PhoneCallsTable {
  id: Generated<number>;
  integration_id: number;
  call_id: string;
  direction: 'inbound' | 'outbound';
  number: string;
  customer_id: number | null;
  agent_id: number | null;
  ringing_at: NullableTimestamp;
  answered_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  missed_at: NullableTimestamp;
  duration_seconds: number | null;
  notes: string | null;
  recording_url: string | null;
  logged_at: NullableTimestamp;
  ticket_id: number | null;
  message_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface EmailMessageIdsTable { message_id_header: string; ticket_id: number; message_id: number }
export interface TicketParticipantsTable {
  ticket_id: number;
  email: string;
  name: Generated<string>;
  created_at: Timestamp;
  /** 'proposed' until an agent accepts someone copied by a stranger's mail; only 'accepted' people get replies. */
  state: Generated<'proposed' | 'accepted'>;
  proposed_by: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface IdempotencyKeysTable {
  agent_id: number;
  key: string;
  route: string;
  request_hash: string;
  status_code: number | null;
  response: Json | null;
  created_at: Timestamp;
}

export interface DeskSettingsTable { key: string; value: string; updated_at: Timestamp }

/** A form's own heading and introduction, per language. */
export type WebFormTexts = Partial<Record<Locale, { title?: string; intro?: string }>>;

export interface WebFormsTable {
  id: Generated<number>;
  public_key: string;
  name: string;
  team_id: number | null;
  mailbox_id: number | null;
  allowed_origins: Generated<string[]>;
  texts: Json<WebFormTexts>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type ChatTexts = Partial<Record<'en' | 'ru' | 'ka', { greeting?: string; offline?: string }>>;
export interface ChatTopic { id: string; label: Partial<Record<'en' | 'ru' | 'ka', string>>; teamId: number | null }
export interface ChatHours { timeZone: string; days: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', Array<[string, string]>>> }
export interface ChatSitesTable {
  id: Generated<number>;
  public_key: string;
  name: string;
  team_id: number | null;
  mailbox_id: number | null;
  allowed_origins: Generated<string[]>;
  texts: Json<ChatTexts>;
  color: Generated<string>;
  position: Generated<string>;
  topics: Json<ChatTopic[]>;
  hours: ColumnType<ChatHours | null, string | null | undefined, string | null>;
  ask_email: Generated<string>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface ChatVisitorsTable {
  id: Generated<number>;
  site_id: number;
  token_hash: string;
  customer_id: number | null;
  name: string | null;
  email: string | null;
  locale: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}
export interface ChatConversationsTable {
  ticket_id: number;
  visitor_id: number;
  site_id: number;
  conversation_key: string;
  topic: string | null;
  visitor_read_id: Generated<number>;
  agent_read_id: Generated<number>;
  emailed_id: Generated<number>;
  created_at: Timestamp;
}
export interface LiveNodesTable { node_id: string; agent_ids: number[]; seen_at: Timestamp }

export interface PortalLinksTable {
  id: Generated<number>;
  email: string;
  token_hash: string;
  locale: Generated<string>;
  requested_ip: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface PortalSessionsTable {
  id: Generated<number>;
  token_hash: string;
  csrf_token: string;
  customer_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
}
export interface TelegramBotsTable {
  id: Generated<number>;
  telegram_id: number;
  username: string;
  name: string;
  token_enc: string;
  team_id: number | null;
  mode: 'webhook' | 'polling';
  active: Generated<boolean>;
  webhook_secret_hash: string | null;
  webhook_url: string | null;
  update_offset: Generated<number>;
  polled_at: NullableTimestamp;
  error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface VkCommunitiesTable {
  id: Generated<number>;
  group_id: number;
  name: string;
  token_enc: string;
  confirmation: string;
  secret_enc: string;
  team_id: number | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface VkPeersTable { ticket_id: number; community_id: number | null; peer_id: number; customer_id: number; created_at: Timestamp }
export interface TelegramChatsTable { ticket_id: number; bot_id: number | null; chat_id: number; customer_id: number; created_at: Timestamp }
export interface WhatsappNumbersTable {
  id: Generated<number>;
  phone_number_id: string;
  business_account_id: string;
  display_phone_number: string;
  verified_name: string;
  access_token_enc: string;
  app_secret_enc: string;
  verify_token: string;
  template_name: string | null;
  template_language: string | null;
  team_id: number | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface WhatsappChatsTable { ticket_id: number; number_id: number | null; wa_id: string; customer_id: number; last_inbound_at: Timestamp; created_at: Timestamp }

export interface CalendarsTable {
  id: Generated<number>;
  name: string;
  time_zone: string;
  always_open: Generated<boolean>;
  week: Json<Calendar['week']>;
  holidays: Json<Holiday[]>;
  is_default: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DB {
  organizations: OrganizationsTable;
  customers: CustomersTable;
  customer_identities: CustomerIdentitiesTable;
  agents: AgentsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  sign_in_failures: SignInFailuresTable;
  tickets: TicketsTable;
  messages: MessagesTable;
  ticket_reads: TicketReadsTable;
  message_recipients: MessageRecipientsTable;
  blobs: BlobsTable;
  attachments: AttachmentsTable;
  ticket_history: TicketHistoryTable;
  events: EventsTable;
  jobs: JobsTable;
  reaction_subscriptions: ReactionSubscriptionsTable;
  reaction_receipts: ReactionReceiptsTable;
  relay_health: RelayHealthTable;
  inbound_items: InboundItemsTable;
  idempotency_keys: IdempotencyKeysTable;
  mailboxes: MailboxesTable;
  email_message_ids: EmailMessageIdsTable;
  ticket_participants: TicketParticipantsTable;
  audit_log: AuditLogTable;
  desk_settings: DeskSettingsTable;
  web_forms: WebFormsTable;
  chat_sites: ChatSitesTable;
  chat_visitors: ChatVisitorsTable;
  chat_conversations: ChatConversationsTable;
  live_nodes: LiveNodesTable;
  portal_links: PortalLinksTable;
  portal_sessions: PortalSessionsTable;
  telegram_bots: TelegramBotsTable;
  telegram_chats: TelegramChatsTable;
  whatsapp_numbers: WhatsappNumbersTable;
  whatsapp_chats: WhatsappChatsTable;
  vk_communities: VkCommunitiesTable;
  vk_peers: VkPeersTable;
  phone_integrations: PhoneIntegrationsTable;
  phone_calls: PhoneCallsTable;
  calendars: CalendarsTable;
}
