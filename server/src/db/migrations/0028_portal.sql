-- The customer portal (issue 12): customers sign in by a one-time link sent to their email address
-- (no password) and then hold a portal session of their own, apart from agents' sessions.
CREATE TABLE portal_links (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Lower-cased; the customer is found (or made) by it when the link is used.
  email text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  locale text NOT NULL DEFAULT 'en',
  requested_ip text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
-- How many links an address was sent lately (the per-address limit).
CREATE INDEX portal_links_email_idx ON portal_links (email, created_at DESC);

CREATE TABLE portal_sessions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  csrf_token text NOT NULL,
  customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX portal_sessions_customer_idx ON portal_sessions (customer_id);
