-- The phone channel (CTI webhook): the telephony systems that report calls, each with its own
-- webhook token (stored only as its SHA-256), and the state of each call they report, so that
-- events arriving one by one (ringing, answered, ended, missed) are put together once.
CREATE TABLE phone_integrations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  team_id bigint REFERENCES teams(id) ON DELETE SET NULL,
  active boolean NOT NULL DEFAULT true,
  token_hash text NOT NULL,
  token_rotated_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX phone_integrations_token_key ON phone_integrations (token_hash);

CREATE TABLE phone_calls (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  integration_id bigint NOT NULL REFERENCES phone_integrations(id) ON DELETE CASCADE,
  call_id text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  -- The customer's number (the caller of an inbound call, the one called by an outbound one), normalized.
  number text NOT NULL,
  customer_id bigint REFERENCES customers(id) ON DELETE SET NULL,
  agent_id bigint REFERENCES agents(id) ON DELETE SET NULL,
  ringing_at timestamptz,
  answered_at timestamptz,
  ended_at timestamptz,
  missed_at timestamptz,
  duration_seconds integer,
  -- What the "ended" event said, kept for a log written when an "answered" arrives after it.
  notes text,
  recording_url text,
  -- When the call's record was written on a ticket (an answered call that ended).
  logged_at timestamptz,
  -- The ticket the call was logged on (answered and ended) or became (missed), and that message.
  ticket_id bigint REFERENCES tickets(id) ON DELETE SET NULL,
  message_id bigint REFERENCES messages(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX phone_calls_call_key ON phone_calls (integration_id, call_id);
-- A second missed call from a number joins the ticket of the first while it is open.
CREATE INDEX phone_calls_missed_by_customer ON phone_calls (customer_id, id DESC) WHERE missed_at IS NOT NULL AND ticket_id IS NOT NULL;
