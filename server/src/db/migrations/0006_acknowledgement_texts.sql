-- A mailbox's own acknowledgement of receipt, per interface language ({"en": "...", "ru": "..."});
-- a language without one gets the built-in text.
ALTER TABLE mailboxes ADD COLUMN acknowledgement_texts jsonb NOT NULL DEFAULT '{}'::jsonb;
