-- One tenant per Idempotency-Key: the create holds the key's advisory lock; this index is the last
-- line behind it. Keys that were used twice before (the race this closes) keep their oldest tenant.
UPDATE tenant SET idempotency_key = NULL
WHERE idempotency_key IS NOT NULL
  AND id NOT IN (SELECT DISTINCT ON (idempotency_key) id FROM tenant WHERE idempotency_key IS NOT NULL
                 ORDER BY idempotency_key, created_at, id);
CREATE UNIQUE INDEX tenant_idempotency_key_uq ON tenant (idempotency_key) WHERE idempotency_key IS NOT NULL;

-- No password in clear in the outbox: a mail that carries one keeps it sealed (AES-GCM with the
-- app's secret key) in secret_sealed until it is delivered, then forgets it; the bodies hold a
-- mask in its place. Mails written before held the password in their bodies: they are scrubbed.
ALTER TABLE mail_outbox ADD COLUMN secret_sealed text;
UPDATE mail_outbox
SET body_text = '(This mail held a one-time password in clear; it was removed. Ask for a new invitation.)',
    body_html = '<p>(This mail held a one-time password in clear; it was removed. Ask for a new invitation.)</p>'
WHERE kind IN ('invitation', 'login-restored');
