-- An acknowledgement of receipt cannot go out without an outgoing relay: such a mailbox queued
-- acknowledgements that could only fail. Turn them off where no relay is set, make "off" the
-- default for a new row, and keep the rule in the table (the API refuses it first, with a reason).
UPDATE mailboxes SET acknowledge = false WHERE acknowledge AND smtp_host IS NULL;
ALTER TABLE mailboxes ALTER COLUMN acknowledge SET DEFAULT false;
ALTER TABLE mailboxes ADD CONSTRAINT mailboxes_acknowledge_needs_relay CHECK (NOT acknowledge OR smtp_host IS NOT NULL);
