-- Taking waiting inbound items along in batches, and closing their jobs, without scanning what
-- was processed long ago.
CREATE INDEX inbound_items_pending_idx ON inbound_items (channel, id) WHERE status = 'pending';
CREATE INDEX jobs_inbox_item_idx ON jobs ((payload->>'itemId')) WHERE status = 'pending' AND kind = 'inbox.process';
