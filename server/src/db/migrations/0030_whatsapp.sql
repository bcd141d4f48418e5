-- The WhatsApp Cloud API channel: the business phone numbers a desk connects (the access token and
-- the app secret sealed like mailbox passwords; the verify token Frontline made for Meta's webhook
-- handshake), and which number and WhatsApp user each WhatsApp ticket talks through, with when the
-- customer last wrote (a free-form reply may only go out within 24 hours of it).

CREATE TABLE whatsapp_numbers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Meta's ids: the phone number id (the sender in every Graph call) and the WhatsApp Business account.
  phone_number_id text NOT NULL UNIQUE,
  business_account_id text NOT NULL,
  -- As GET /{phone-number-id} answered.
  display_phone_number text NOT NULL,
  verified_name text NOT NULL,
  access_token_enc text NOT NULL,
  app_secret_enc text NOT NULL,
  verify_token text NOT NULL,
  -- The approved template sent instead of a reply once the 24-hour window has closed; both or neither.
  template_name text,
  template_language text,
  team_id bigint REFERENCES teams(id) ON DELETE SET NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE whatsapp_chats (
  ticket_id bigint PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
  -- NULL once the number is removed: replies then fail with the reason.
  number_id bigint REFERENCES whatsapp_numbers(id) ON DELETE SET NULL,
  wa_id text NOT NULL,
  customer_id bigint NOT NULL,
  last_inbound_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX whatsapp_chats_user ON whatsapp_chats (number_id, wa_id, ticket_id DESC);
CREATE INDEX whatsapp_chats_customer ON whatsapp_chats (customer_id, ticket_id DESC);
