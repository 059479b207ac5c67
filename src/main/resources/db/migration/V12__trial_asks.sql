-- What a prospect asks of the vendor from their model house: more days, or a conversation with
-- sales. Control plane (the console reads it across tenants, like trial_account); deleted with the
-- tenant's other personal data when it is purged.
CREATE TABLE trial_ask (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenant(id),
    account_id  uuid NOT NULL,
    person      text NOT NULL,               -- the asker's name, as the account had it
    kind        text NOT NULL CHECK (kind IN ('extension', 'contact')),
    days        int CHECK (days BETWEEN 1 AND 30),
    message     text,
    created_at  timestamptz NOT NULL
);
CREATE INDEX trial_ask_tenant_idx ON trial_ask (tenant_id, created_at DESC);
GRANT SELECT, INSERT, DELETE ON trial_ask TO ${appRole};
