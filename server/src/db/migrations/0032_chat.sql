-- The website chat (issue 12, §1): the sites that embed the widget, their visitors (one per
-- browser, holding a token kept only as its SHA-256), and the chat each chat ticket is: whose it
-- is, the widget's key for it, the topic, and how far each side has read. The live hub's nodes
-- say which agents are connected, so a site can tell a visitor whether anyone answers now.

CREATE TABLE chat_sites (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_key text NOT NULL UNIQUE,
  name text NOT NULL,
  team_id bigint REFERENCES teams(id) ON DELETE SET NULL,
  -- Answers to a visitor who left go by email from this mailbox (else the team's, else the first with a relay).
  mailbox_id bigint REFERENCES mailboxes(id) ON DELETE SET NULL,
  allowed_origins text[] NOT NULL DEFAULT '{}',
  -- Greeting and offline texts per language ({"en": {"greeting": …, "offline": …}}).
  texts jsonb NOT NULL DEFAULT '{}',
  color text NOT NULL DEFAULT '#2563eb',
  position text NOT NULL DEFAULT 'right' CHECK (position IN ('right', 'left')),
  -- [{"id": "billing", "label": {"en": …}, "teamId": 3}]
  topics jsonb NOT NULL DEFAULT '[]',
  -- {"timeZone": "Europe/Tbilisi", "days": {"mon": [["09:00", "18:00"]], …}}; NULL: always open.
  hours jsonb,
  ask_email text NOT NULL DEFAULT 'offline' CHECK (ask_email IN ('never', 'offline', 'always')),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE chat_visitors (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  site_id bigint NOT NULL REFERENCES chat_sites(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  -- Made with the visitor's first message (identity kind "widget"); a visit alone makes no customer.
  customer_id bigint REFERENCES customers(id) ON DELETE SET NULL,
  name text,
  -- As the visitor gave it, unverified: answers go there while they are away.
  email text,
  locale text,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX chat_visitors_customer ON chat_visitors (customer_id) WHERE customer_id IS NOT NULL;

CREATE TABLE chat_conversations (
  ticket_id bigint PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
  visitor_id bigint NOT NULL REFERENCES chat_visitors(id) ON DELETE CASCADE,
  site_id bigint NOT NULL REFERENCES chat_sites(id) ON DELETE CASCADE,
  -- The widget's own id for the conversation: messages sent before the ticket exists name it.
  conversation_key text NOT NULL,
  topic text,
  -- The last message id each side has seen.
  visitor_read_id bigint NOT NULL DEFAULT 0,
  agent_read_id bigint NOT NULL DEFAULT 0,
  -- The last agent message sent on by email to a visitor who was away.
  emailed_id bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  UNIQUE (visitor_id, conversation_key)
);
CREATE INDEX chat_conversations_visitor ON chat_conversations (visitor_id, ticket_id DESC);

-- Each node's live connections, by agent, written every few seconds while the node runs.
CREATE TABLE live_nodes (
  node_id text PRIMARY KEY,
  agent_ids bigint[] NOT NULL,
  seen_at timestamptz NOT NULL
);
