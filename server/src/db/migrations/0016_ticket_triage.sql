-- Triage at a glance: what the inbox row shows is kept on the ticket by the verbs that add
-- messages (no per-row subquery in the list), and each agent's read marker tells unread rows.
ALTER TABLE tickets
  -- The last message a person wrote (acknowledgements and other automatic messages are left out),
  -- as one line of plain text without quoted history, at most 200 characters.
  ADD COLUMN last_message_preview text NOT NULL DEFAULT '',
  -- Who wrote it: the customer, an agent (a public reply) or an agent's internal note.
  ADD COLUMN last_message_author text CHECK (last_message_author IN ('customer', 'agent', 'note')),
  -- The customer's first public message since the last public agent reply; null when answered.
  ADD COLUMN customer_waiting_since timestamptz;

UPDATE tickets t SET last_message_preview = m.preview, last_message_author = m.author
FROM (
  SELECT DISTINCT ON (ticket_id) ticket_id,
         left(btrim(regexp_replace(CASE WHEN fold_at IS NULL THEN body_text ELSE left(body_text, fold_at) END, '\s+', ' ', 'g')), 200) AS preview,
         CASE WHEN internal THEN 'note' WHEN direction = 'inbound' THEN 'customer' ELSE 'agent' END AS author
  FROM messages
  WHERE NOT (direction = 'outbound' AND author_agent_id IS NULL)
  ORDER BY ticket_id, id DESC
) m
WHERE m.ticket_id = t.id;

UPDATE tickets t SET customer_waiting_since = w.since
FROM (
  SELECT m.ticket_id, min(m.created_at) AS since
  FROM messages m
  LEFT JOIN (
    SELECT ticket_id, max(id) AS last_reply FROM messages
    WHERE direction = 'outbound' AND NOT internal AND author_agent_id IS NOT NULL
    GROUP BY ticket_id
  ) r ON r.ticket_id = m.ticket_id
  WHERE m.direction = 'inbound' AND NOT m.internal AND (r.last_reply IS NULL OR m.id > r.last_reply)
  GROUP BY m.ticket_id
) w
WHERE w.ticket_id = t.id;

-- When each agent last opened each ticket. A ticket is unread for an agent when the customer
-- wrote after that (or the agent never opened it). Written only when it changes the answer, so
-- an agent opening a ticket ten times writes once; the list reads it for one page of ids by the
-- primary key.
CREATE TABLE ticket_reads (
  agent_id bigint NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  ticket_id bigint NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  read_at timestamptz NOT NULL,
  PRIMARY KEY (agent_id, ticket_id)
);
-- For the foreign key (a ticket's markers, e.g. when tickets are merged or removed).
CREATE INDEX ticket_reads_ticket_idx ON ticket_reads (ticket_id);
