-- Search by what agents type (issue 10): organizations by a piece of their name (trigrams, as
-- customers' names and identities already are), and an organization's tickets newest first.
CREATE INDEX organizations_name_trgm ON organizations USING gin (name gin_trgm_ops);
CREATE INDEX tickets_organization_idx ON tickets (organization_id, updated_at DESC, id DESC) WHERE organization_id IS NOT NULL;
