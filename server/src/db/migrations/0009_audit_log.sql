-- Who changed what: one row per audited change, written in the transaction of the change itself.
-- actor_agent_id is null for the system (inbound mail, jobs); before/after never hold secrets.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_agent_id bigint REFERENCES agents (id),
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id bigint,
  before jsonb,
  after jsonb,
  client_address text,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- The admin screen pages newest first, alone or filtered by actor, action or subject.
CREATE INDEX audit_log_actor_idx ON audit_log (actor_agent_id, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id, id);
