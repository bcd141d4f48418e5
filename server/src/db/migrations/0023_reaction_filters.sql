-- A reaction may want only some events of a type (outbound public messages, tickets that came by
-- email): the event INSERT enqueues its job only when the payload contains this (jsonb @>), so the
-- events it would ignore cost no job at all. '{}' matches every event.
ALTER TABLE reaction_subscriptions ADD COLUMN payload_filter jsonb NOT NULL DEFAULT '{}'::jsonb;
