-- The help desk's core: people, tickets, conversation, history, and the event/job spine.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Picks the text-search configuration for a language code; immutable so generated columns can use it.
CREATE FUNCTION frontline_ts_config(lang text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE lang WHEN 'ru' THEN 'pg_catalog.russian'::regconfig
                   WHEN 'en' THEN 'pg_catalog.english'::regconfig
                   ELSE 'pg_catalog.simple'::regconfig END
$$;

-- Stemmed words in the text's language plus the exact words, so a query in any language finds it.
CREATE FUNCTION frontline_ts_vector(lang text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector(frontline_ts_config(lang), coalesce(body, '')) || to_tsvector('pg_catalog.simple', coalesce(body, ''))
$$;

CREATE TABLE organizations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  domain text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organizations_domain_key ON organizations (lower(domain)) WHERE domain IS NOT NULL;

CREATE TABLE customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL DEFAULT '',
  organization_id bigint REFERENCES organizations(id),
  language text,
  notes text NOT NULL DEFAULT '',
  merged_into_id bigint REFERENCES customers(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_name_trgm ON customers USING gin (name gin_trgm_ops);
CREATE INDEX customers_organization_idx ON customers (organization_id);

CREATE TABLE customer_identities (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers(id),
  kind text NOT NULL CHECK (kind IN ('email', 'phone', 'telegram', 'whatsapp', 'vk', 'widget')),
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, value)
);
CREATE INDEX customer_identities_customer_idx ON customer_identities (customer_id);
CREATE INDEX customer_identities_value_trgm ON customer_identities USING gin (value gin_trgm_ops);

CREATE TABLE agents (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  alias text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent', 'light_agent')),
  password_hash text,
  avatar_url text,
  signature text NOT NULL DEFAULT '',
  languages text[] NOT NULL DEFAULT '{}',
  locale text NOT NULL DEFAULT 'en',
  time_zone text NOT NULL DEFAULT 'UTC',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX agents_email_key ON agents (lower(email));

CREATE TABLE teams (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX teams_name_key ON teams (lower(name));
INSERT INTO teams (name) VALUES ('First line'), ('Second line'), ('Management');

CREATE TABLE team_members (
  team_id bigint NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  agent_id bigint NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, agent_id)
);
CREATE INDEX team_members_agent_idx ON team_members (agent_id);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  agent_id bigint NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_agent_idx ON sessions (agent_id);

CREATE TABLE api_tokens (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agent_id bigint NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_agent_idx ON api_tokens (agent_id);

CREATE SEQUENCE ticket_numbers START 1000;

CREATE TABLE tickets (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number bigint NOT NULL UNIQUE DEFAULT nextval('ticket_numbers'),
  subject text NOT NULL,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  channel text NOT NULL,
  team_id bigint REFERENCES teams(id),
  assignee_id bigint REFERENCES agents(id),
  tags text[] NOT NULL DEFAULT '{}',
  language text,
  customer_id bigint NOT NULL REFERENCES customers(id),
  organization_id bigint REFERENCES organizations(id),
  linked_ticket_id bigint REFERENCES tickets(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  first_response_at timestamptz,
  last_customer_message_at timestamptz,
  last_agent_message_at timestamptz,
  solved_at timestamptz,
  closed_at timestamptz,
  search_vector tsvector GENERATED ALWAYS AS (frontline_ts_vector(language, subject)) STORED
);
-- The queues agents live in: each view is one index range scan in the list's sort order.
CREATE INDEX tickets_unassigned_idx ON tickets (updated_at DESC, id DESC)
  WHERE assignee_id IS NULL AND status IN ('new', 'open', 'pending', 'on_hold');
CREATE INDEX tickets_assignee_idx ON tickets (assignee_id, updated_at DESC, id DESC);
CREATE INDEX tickets_status_idx ON tickets (status, updated_at DESC, id DESC);
CREATE INDEX tickets_team_idx ON tickets (team_id, updated_at DESC, id DESC);
CREATE INDEX tickets_customer_idx ON tickets (customer_id, updated_at DESC, id DESC);
CREATE INDEX tickets_updated_idx ON tickets (updated_at DESC, id DESC);
CREATE INDEX tickets_tags_idx ON tickets USING gin (tags);
CREATE INDEX tickets_search_idx ON tickets USING gin (search_vector);

CREATE TABLE messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id bigint NOT NULL REFERENCES tickets(id),
  internal boolean NOT NULL DEFAULT false,
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  author_agent_id bigint REFERENCES agents(id),
  author_customer_id bigint REFERENCES customers(id),
  body_text text NOT NULL,
  body_html text,
  language text,
  channel text NOT NULL,
  delivery_status text CHECK (delivery_status IN ('queued', 'sent', 'delivered', 'failed')),
  delivery_error text,
  delivery_attempts integer NOT NULL DEFAULT 0,
  sent_at timestamptz,
  external_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  search_vector tsvector GENERATED ALWAYS AS (frontline_ts_vector(language, body_text)) STORED
);
CREATE INDEX messages_ticket_idx ON messages (ticket_id, id);
CREATE INDEX messages_search_idx ON messages USING gin (search_vector);

CREATE TABLE blobs (
  key text PRIMARY KEY,
  data bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE attachments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id bigint NOT NULL REFERENCES messages(id),
  ticket_id bigint NOT NULL REFERENCES tickets(id),
  filename text NOT NULL,
  content_type text NOT NULL,
  size bigint NOT NULL,
  sha256 text NOT NULL,
  blob_key text NOT NULL,
  content_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_message_idx ON attachments (message_id);
CREATE INDEX attachments_ticket_idx ON attachments (ticket_id);

CREATE TABLE ticket_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id bigint NOT NULL REFERENCES tickets(id),
  actor_agent_id bigint REFERENCES agents(id),
  actor_kind text NOT NULL CHECK (actor_kind IN ('agent', 'customer', 'system')),
  field text NOT NULL,
  before jsonb,
  after jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_history_ticket_idx ON ticket_history (ticket_id, id);

CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  type text NOT NULL,
  ticket_id bigint,
  actor_agent_id bigint,
  payload jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_ticket_idx ON events (ticket_id, id);

CREATE TABLE jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'dead')),
  run_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 8,
  last_error text,
  locked_by text,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX jobs_ready_idx ON jobs (run_at, id) WHERE status = 'pending';
CREATE INDEX jobs_running_idx ON jobs (locked_until) WHERE status = 'running';
CREATE INDEX jobs_dead_idx ON jobs (id) WHERE status = 'dead';

CREATE TABLE inbound_items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel text NOT NULL,
  dedupe_key text NOT NULL,
  raw bytea NOT NULL,
  meta jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'failed')),
  error text,
  attempts integer NOT NULL DEFAULT 0,
  ticket_id bigint REFERENCES tickets(id),
  message_id bigint REFERENCES messages(id),
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  UNIQUE (channel, dedupe_key)
);
CREATE INDEX inbound_items_failed_idx ON inbound_items (id) WHERE status = 'failed';

CREATE TABLE idempotency_keys (
  agent_id bigint NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  key text NOT NULL,
  route text NOT NULL,
  request_hash text NOT NULL,
  status_code integer,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agent_id, key)
);
