-- Provisioning becomes resumable and poolable:
--  * every tenant records the last step it finished, so the reconciler knows what to undo;
--  * pooled tenants carry pre-made Keycloak accounts whose generated passwords are kept sealed
--    (AES-GCM, app key) until an assignment hands them out once and forgets them;
--  * clock_anchor is the day the tenant's relative dates were resolved against (the data clock).

ALTER TABLE tenant ADD COLUMN provisioning_step text;
ALTER TABLE tenant ADD COLUMN step_at timestamptz;
ALTER TABLE tenant ADD COLUMN clock_anchor date;
ALTER TABLE tenant ADD COLUMN purged_at timestamptz;
ALTER TABLE tenant ADD COLUMN logo_url text;
CREATE INDEX tenant_pool_idx ON tenant (template_version_id, created_at) WHERE state = 'POOLED';
CREATE INDEX tenant_provisioning_idx ON tenant (step_at) WHERE state = 'PROVISIONING';

ALTER TABLE trial_account DROP CONSTRAINT trial_account_state_check;
ALTER TABLE trial_account ADD CONSTRAINT trial_account_state_check CHECK (state IN ('POOLED', 'ACTIVE', 'DISABLED', 'DELETED'));
ALTER TABLE trial_account ADD COLUMN sealed_password text;
