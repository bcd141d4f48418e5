-- Attempts at processing an inbound item that started and never finished (the process died or
-- hung meanwhile). Counted in their own commit before processing starts, reset when an attempt
-- ends either way; an item that reaches the limit is held instead of taking the node down again.
ALTER TABLE inbound_items ADD COLUMN unfinished_attempts integer NOT NULL DEFAULT 0;
