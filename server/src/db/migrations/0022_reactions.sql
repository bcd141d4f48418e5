-- Durable reactions (events/outbox.ts): which reaction a stored event of each type enqueues a job
-- for, written at boot from the feature manifest, so the event INSERT itself can enqueue the jobs.
CREATE TABLE reaction_subscriptions (
  event_type text NOT NULL,
  reaction text NOT NULL,
  -- Per-ticket order: the reaction's job for a ticket waits while an earlier one for it is pending or running.
  ordered boolean NOT NULL DEFAULT false,
  max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
  PRIMARY KEY (event_type, reaction)
);

-- The order key of a job that must wait for the earlier jobs of its kind with the same key.
ALTER TABLE jobs ADD COLUMN order_key text;
CREATE INDEX jobs_order_idx ON jobs (kind, order_key, id) WHERE order_key IS NOT NULL AND status IN ('pending', 'running');

-- One row per reaction job whose handler committed: written in the handler's own transaction, so
-- a job run again (its node died before recording the outcome) sees it and does nothing twice.
CREATE TABLE reaction_receipts (
  job_id bigint PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
  reacted_at timestamptz NOT NULL DEFAULT now()
);
