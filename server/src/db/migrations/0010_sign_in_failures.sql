-- Failed sign-ins per email address, known to Frontline or not (a lock must not tell which emails
-- exist), kept in the database so every node counts the same attempts. The email is lower-cased.
CREATE TABLE sign_in_failures (
  email text PRIMARY KEY,
  failures integer NOT NULL,
  last_failed_at timestamptz NOT NULL,
  locked_until timestamptz
);

-- Old rows are pruned by their last failure.
CREATE INDEX sign_in_failures_last_failed_at ON sign_in_failures (last_failed_at);
