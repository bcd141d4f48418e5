-- Search a ticket through one vector holding its subject and every message, so a search is one
-- indexed condition on tickets: the planner takes the GIN index for rare words and walks the
-- recency index for common ones, instead of gathering every matching message first.

ALTER TABLE tickets DROP COLUMN search_vector;
ALTER TABLE messages DROP COLUMN search_vector;
ALTER TABLE tickets ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector;

-- Positions are stripped: the vector only answers "does it match", and stays small.
UPDATE tickets t SET search_vector = frontline_ts_vector(t.language, t.subject) || coalesce(
  (SELECT strip(frontline_ts_vector(t.language, string_agg(left(m.body_text, 10000), ' ' ORDER BY m.id)))
     FROM messages m WHERE m.ticket_id = t.id), ''::tsvector);

CREATE INDEX tickets_search_idx ON tickets USING gin (search_vector);

-- A new or renamed subject adds its words (an old subject stays findable).
CREATE FUNCTION frontline_ticket_subject_searchable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := frontline_ts_vector(NEW.language, NEW.subject)
    || CASE WHEN TG_OP = 'UPDATE' THEN OLD.search_vector ELSE ''::tsvector END;
  RETURN NEW;
END $$;
CREATE TRIGGER tickets_subject_searchable BEFORE INSERT OR UPDATE OF subject ON tickets
  FOR EACH ROW EXECUTE FUNCTION frontline_ticket_subject_searchable();

-- Every message adds its words to its ticket, in the message's language; a vector nearing
-- PostgreSQL's 1 MB limit stops growing rather than failing the message.
CREATE FUNCTION frontline_message_searchable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets
     SET search_vector = search_vector || strip(frontline_ts_vector(NEW.language, left(NEW.body_text, 10000)))
   WHERE id = NEW.ticket_id AND pg_column_size(search_vector) < 512 * 1024;
  RETURN NULL;
END $$;
CREATE TRIGGER messages_searchable AFTER INSERT ON messages
  FOR EACH ROW EXECUTE FUNCTION frontline_message_searchable();
