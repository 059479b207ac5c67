-- Follow-up signals per tenant (issue 12): what pre-sales should hear about a model house. A row per
-- signal and subject (a person's id for a personal signal, the influence for a missing stakeholder,
-- '' for the tenant): it fires once (active, fired_at) and may fire again only after it was false
-- (cleared_at). Control plane: the console and the follow-up queue read it across tenants; its
-- reasons name people, so it goes when the tenant is purged.
CREATE TABLE tenant_signal (
    tenant_id   uuid NOT NULL REFERENCES tenant(id),
    signal      text NOT NULL,
    subject     text NOT NULL,
    active      boolean NOT NULL,
    fired_at    timestamptz NOT NULL,
    cleared_at  timestamptz,
    fired_count int NOT NULL DEFAULT 1,
    reason_zh   text NOT NULL,
    reason_en   text NOT NULL,
    facts       jsonb NOT NULL,
    PRIMARY KEY (tenant_id, signal, subject)
);
CREATE INDEX tenant_signal_active_idx ON tenant_signal (fired_at DESC) WHERE active;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_signal TO ${appRole};
