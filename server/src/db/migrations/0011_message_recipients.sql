-- Delivery per recipient: each outbound email records whom it goes to (the customer as To, the
-- participants as Cc) and how each one went, so a retry sends only to those the relay has not
-- yet accepted and nobody gets two copies of one reply.
CREATE TABLE message_recipients (
  message_id bigint NOT NULL REFERENCES messages(id),
  -- Lower-cased: the same address is one recipient however it was written.
  address text NOT NULL,
  name text NOT NULL DEFAULT '',
  kind text NOT NULL CHECK (kind IN ('to', 'cc')),
  -- Where it stood in the list when it was added: To first, then the Cc in the ticket's order.
  position integer NOT NULL DEFAULT 0,
  -- queued: still to be sent (or refused for now and retried); sent: the relay accepted it;
  -- failed: refused for good, or still refused after the last attempt.
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  -- The relay's last answer about this recipient (its refusal, or the reason the message failed).
  response text,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  answered_at timestamptz,
  PRIMARY KEY (message_id, address)
);
