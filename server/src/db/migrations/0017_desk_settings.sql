-- The help desk's own settings (its name, chosen at first-run set-up), one row per key.
CREATE TABLE desk_settings (
  key text PRIMARY KEY,
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- An agent's time zone is unset until the agent (or an admin) chooses one: the web app then saves
-- the browser's zone at the first sign-in instead of leaving everyone on UTC.
ALTER TABLE agents ALTER COLUMN time_zone DROP NOT NULL, ALTER COLUMN time_zone DROP DEFAULT;
