-- The VK channel: the communities a desk connects through the Callback API (the community token
-- and the secret key VK sends with every event sealed like mailbox passwords; the confirmation
-- string VK asks for when the callback URL is set), and which community and peer each VK ticket
-- talks through, so the customer's next message joins it and replies reach the conversation.

CREATE TABLE vk_communities (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The community's own id (positive), as groups.getById answered, and its name.
  group_id bigint NOT NULL UNIQUE,
  name text NOT NULL,
  token_enc text NOT NULL,
  confirmation text NOT NULL,
  secret_enc text NOT NULL,
  team_id bigint REFERENCES teams(id) ON DELETE SET NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE vk_peers (
  ticket_id bigint PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
  -- NULL once the community is removed: replies then fail with the reason.
  community_id bigint REFERENCES vk_communities(id) ON DELETE SET NULL,
  peer_id bigint NOT NULL,
  customer_id bigint NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX vk_peers_peer ON vk_peers (community_id, peer_id, ticket_id DESC);
CREATE INDEX vk_peers_customer ON vk_peers (customer_id, ticket_id DESC);
