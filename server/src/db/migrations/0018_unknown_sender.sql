-- A customer record made for one email that came with no sender address at all (no usable From,
-- Reply-To, Sender or envelope sender): it has no identities, nothing can be sent to it, and the
-- app shows it as "Unknown sender". One record per such email, so strangers never share a record.
ALTER TABLE customers ADD COLUMN unknown_sender boolean NOT NULL DEFAULT false;
