-- The Telegram channel: the bots a desk connects (token sealed like mailbox passwords, the
-- webhook's secret kept only as its SHA-256, the long-polling offset), and which bot and chat each
-- Telegram ticket talks through, so a customer's next message joins it and replies reach the chat.

CREATE TABLE telegram_bots (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The bot's own user id and @username, as getMe answered.
  telegram_id bigint NOT NULL UNIQUE,
  username text NOT NULL,
  name text NOT NULL,
  token_enc text NOT NULL,
  team_id bigint REFERENCES teams(id) ON DELETE SET NULL,
  mode text NOT NULL CHECK (mode IN ('webhook', 'polling')),
  active boolean NOT NULL DEFAULT true,
  webhook_secret_hash text,
  webhook_url text,
  -- getUpdates' offset: the next update_id to ask for, moved in the transaction that stored the updates.
  update_offset bigint NOT NULL DEFAULT 0,
  polled_at timestamptz,
  error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE telegram_chats (
  ticket_id bigint PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
  -- NULL once the bot is removed: replies then fail with the reason instead of going through another bot.
  bot_id bigint REFERENCES telegram_bots(id) ON DELETE SET NULL,
  chat_id bigint NOT NULL,
  customer_id bigint NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX telegram_chats_chat ON telegram_chats (bot_id, chat_id, ticket_id DESC);
CREATE INDEX telegram_chats_customer ON telegram_chats (customer_id, ticket_id DESC);
