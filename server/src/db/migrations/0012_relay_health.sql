-- Per-relay health, shared by every node: while a mailbox's outgoing relay is known to be down
-- (or refusing us), its queued deliveries wait for the relay's next probe instead of each being
-- tried and rescheduled on its own. A relay that answers has no row.
CREATE TABLE relay_health (
  -- Which relay: 'mailbox:<id>' for a mailbox's SMTP relay.
  relay text PRIMARY KEY,
  -- A digest of the relay's settings when this was recorded: changed settings start afresh.
  fingerprint text NOT NULL,
  -- down: not answering (a temporary failure: refused connection, timeout, 4xx greeting);
  -- refusing: answered with a permanent refusal (login refused, 5xx to MAIL FROM, unknown host).
  state text NOT NULL CHECK (state IN ('down', 'refusing')),
  -- Failed probes in a row.
  failures integer NOT NULL DEFAULT 1,
  last_error text NOT NULL,
  down_since timestamptz NOT NULL,
  -- When one waiting delivery may next try the relay (the probe).
  next_probe_at timestamptz NOT NULL,
  -- Set while a node runs the probe, so only one node probes at a time.
  probe_until timestamptz,
  updated_at timestamptz NOT NULL
);

-- A delivery job put aside until its relay's next probe: which relay it waits for, and since when
-- (kept across probes, cleared when the relay answers; a message fails after RELAY_RETRY_MINUTES).
ALTER TABLE jobs ADD COLUMN waits_for text;
ALTER TABLE jobs ADD COLUMN waiting_since timestamptz;
CREATE INDEX jobs_waiting_idx ON jobs (waits_for) WHERE status = 'pending' AND waits_for IS NOT NULL;

-- When a message waiting for its relay will next be tried (shown as "next try at …").
ALTER TABLE messages ADD COLUMN delivery_retry_at timestamptz;
