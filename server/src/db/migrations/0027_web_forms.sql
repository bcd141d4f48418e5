-- Contact forms (issue 12, web form): each form has a public key that its hosted page, its embed
-- snippet and its submission API carry; submissions become tickets of channel "web", answered by
-- email from the form's mailbox (or the team's).
CREATE TABLE web_forms (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_key text NOT NULL UNIQUE,
  name text NOT NULL,
  team_id bigint REFERENCES teams(id) ON DELETE SET NULL,
  mailbox_id bigint REFERENCES mailboxes(id) ON DELETE SET NULL,
  -- Sites that may post to the form or frame its page, as origins ("https://shop.example").
  allowed_origins text[] NOT NULL DEFAULT '{}',
  -- The form's own heading and introduction per language ({"en": {"title": …, "intro": …}}).
  texts jsonb NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
