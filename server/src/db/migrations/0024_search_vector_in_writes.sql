-- A message's words reach its ticket's search vector in the write that stores the message, not in
-- a trigger after it: the trigger's UPDATE wrote a second version of the ticket row (and an entry
-- in each of its dozen indexes) beside the one the same request writes anyway. Now a new ticket is
-- inserted with its first message's words, and a message on a ticket adds them in the ticket's
-- own update (tickets/store.ts, searchText). The subject's words are still added here.
DROP TRIGGER messages_searchable ON messages;
DROP FUNCTION frontline_message_searchable();

CREATE OR REPLACE FUNCTION frontline_ticket_subject_searchable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- NEW's vector is the old one on an update (or what the update sets), the message's on an insert.
  NEW.search_vector := frontline_ts_vector(NEW.language, NEW.subject) || NEW.search_vector;
  RETURN NEW;
END $$;
