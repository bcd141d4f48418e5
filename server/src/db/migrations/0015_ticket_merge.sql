-- Two tickets of one customer merged into one: the source is closed and points at the target, its
-- messages move to the target and remember where they came from. An organization's tickets are
-- listed from tickets.organization_id, kept in step with the customer's organization.
ALTER TABLE tickets ADD COLUMN merged_into_id bigint REFERENCES tickets(id);
ALTER TABLE messages ADD COLUMN merged_from_ticket_id bigint REFERENCES tickets(id);
-- The tickets merged into one (shown on the target). An organization's tickets are served by
-- tickets_organization_idx (migration 0014).
CREATE INDEX tickets_merged_into_idx ON tickets (merged_into_id) WHERE merged_into_id IS NOT NULL;
-- A customer's tickets newest first (the customer page), beside the recency index the views use.
CREATE INDEX tickets_customer_created_idx ON tickets (customer_id, id DESC);
