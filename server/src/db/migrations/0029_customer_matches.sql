-- Possible duplicates (issue 12, one person on many channels): a phone number seen as a phone and
-- as a WhatsApp identity, written with or without the country code, matches on its last 9 digits;
-- and customers with the same name. Both looked up per customer, so each needs its index.
CREATE INDEX customer_identities_number_tail ON customer_identities ((right(regexp_replace(value, '[^0-9]', '', 'g'), 9)))
  WHERE kind IN ('phone', 'whatsapp');
CREATE INDEX customers_lower_name ON customers (lower(name)) WHERE merged_into_id IS NULL;
