-- The Unanswered board (issue 13 §4): tickets whose customer has waited for an answer, longest
-- wait first. customer_waiting_since is set by a customer's message and cleared by an agent's
-- public answer; the index holds only tickets still being worked on whose customer waits.
CREATE INDEX tickets_unanswered_idx ON tickets (customer_waiting_since, id)
  WHERE customer_waiting_since IS NOT NULL AND status IN ('new', 'open', 'pending', 'on_hold');
