-- The Failed deliveries view: when a reply or acknowledgement failed, and an index that lists the
-- failed ones newest failure first without reading the other messages (a partial index: only the
-- few failed rows are in it, whatever the size of the table).
ALTER TABLE messages ADD COLUMN delivery_failed_at timestamptz;
-- Failures from before this migration: the best time known is when the message was written.
UPDATE messages SET delivery_failed_at = created_at WHERE delivery_status = 'failed';
CREATE INDEX messages_failed_idx ON messages (delivery_failed_at DESC, id DESC) WHERE delivery_status = 'failed';
