-- The email channel: mailboxes with their inbound method and outbound relay, the Message-IDs that
-- thread replies into tickets, the people copied on a ticket, and what the raw inbox needs to show
-- and limit mail (its sender, its outcome, a "held" state for mail storms).

CREATE TABLE mailboxes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  address text NOT NULL,
  name text NOT NULL,
  team_id bigint REFERENCES teams(id),
  inbound text NOT NULL DEFAULT 'smtp' CHECK (inbound IN ('smtp', 'imap')),
  imap_host text,
  imap_port integer,
  imap_tls boolean NOT NULL DEFAULT true,
  imap_user text,
  imap_password_enc text,
  imap_folder text NOT NULL DEFAULT 'INBOX',
  -- After a message is stored: flag it \Seen, or move it to imap_move_to.
  imap_after text NOT NULL DEFAULT 'seen' CHECK (imap_after IN ('seen', 'move')),
  imap_move_to text,
  imap_uid_validity bigint,
  imap_last_uid bigint NOT NULL DEFAULT 0,
  imap_error text,
  imap_polled_at timestamptz,
  smtp_host text,
  smtp_port integer,
  smtp_security text NOT NULL DEFAULT 'starttls' CHECK (smtp_security IN ('none', 'starttls', 'tls')),
  smtp_user text,
  smtp_password_enc text,
  acknowledge boolean NOT NULL DEFAULT true,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX mailboxes_address_key ON mailboxes (lower(address));

ALTER TABLE tickets ADD COLUMN mailbox_id bigint REFERENCES mailboxes(id);

-- Every Message-ID seen or sent, with the message it belongs to: how replies find their ticket.
CREATE TABLE email_message_ids (
  message_id_header text NOT NULL,
  ticket_id bigint NOT NULL REFERENCES tickets(id),
  message_id bigint NOT NULL REFERENCES messages(id),
  PRIMARY KEY (message_id_header, message_id)
);
CREATE INDEX email_message_ids_message_idx ON email_message_ids (message_id);

-- People copied on a ticket's mail, who are copied on its replies.
CREATE TABLE ticket_participants (
  ticket_id bigint NOT NULL REFERENCES tickets(id),
  email text NOT NULL,
  name text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ticket_id, email)
);

-- Where the quoted history or signature of a message starts in body_text (folded in the view),
-- and the raw inbound item it came from (its source, downloadable).
ALTER TABLE messages ADD COLUMN fold_at integer;
ALTER TABLE messages ADD COLUMN inbound_item_id bigint REFERENCES inbound_items(id);
ALTER TABLE messages ADD COLUMN cc text[] NOT NULL DEFAULT '{}';

ALTER TABLE inbound_items ADD COLUMN sender text;
ALTER TABLE inbound_items ADD COLUMN outcome text;
ALTER TABLE inbound_items DROP CONSTRAINT inbound_items_status_check;
ALTER TABLE inbound_items ADD CONSTRAINT inbound_items_status_check CHECK (status IN ('pending', 'processed', 'failed', 'held'));
CREATE INDEX inbound_items_sender_idx ON inbound_items (channel, sender, received_at) WHERE sender IS NOT NULL;
CREATE INDEX inbound_items_held_idx ON inbound_items (id) WHERE status = 'held';
