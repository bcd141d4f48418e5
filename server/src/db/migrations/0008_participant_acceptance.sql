-- Who may join a ticket by mail. People copied on mail from a stranger (not the ticket's customer
-- or an accepted participant) are only proposed: they get no replies until an agent accepts them.
-- Mail whose From is an agent's or a mailbox's own address is unverifiable (SPF/DKIM is not
-- checked), so the message keeps the address it claims and is shown as a claim.
ALTER TABLE ticket_participants ADD COLUMN state text NOT NULL DEFAULT 'accepted' CHECK (state IN ('proposed', 'accepted'));
-- The sender whose mail copied a proposed participant, shown beside the proposal.
ALTER TABLE ticket_participants ADD COLUMN proposed_by text;

ALTER TABLE messages ADD COLUMN claimed_from text;
