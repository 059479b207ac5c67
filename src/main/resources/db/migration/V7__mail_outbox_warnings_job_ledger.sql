-- Trial life: mails (kept in an outbox; delivered only where a mail server is configured),
-- expiry warnings sent once per tenant and threshold, and a ledger of scheduled job runs that
-- shows each trigger ran on exactly one node of the cluster.

CREATE TABLE mail_outbox (
    id          bigserial PRIMARY KEY,
    tenant_id   uuid,
    kind        text NOT NULL,            -- invitation, expiry-warning, login-restored
    to_address  text NOT NULL,
    to_name     text,
    locale      text NOT NULL,
    subject     text NOT NULL,
    body_text   text NOT NULL,
    body_html   text NOT NULL,
    status      text NOT NULL CHECK (status IN ('KEPT', 'PENDING', 'SENT', 'FAILED')),
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz,
    error       text
);
CREATE INDEX mail_outbox_tenant_idx ON mail_outbox (tenant_id, created_at);
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (created_at) WHERE status = 'PENDING';

CREATE TABLE expiry_warning (
    tenant_id    uuid NOT NULL REFERENCES tenant(id),
    days_before  int NOT NULL,
    sent_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, days_before)
);

CREATE TABLE job_run (
    id            bigserial PRIMARY KEY,
    job           text NOT NULL,
    scheduled_at  timestamptz NOT NULL,
    instance      text NOT NULL,
    ran_at        timestamptz NOT NULL
);
CREATE INDEX job_run_job_idx ON job_run (job, scheduled_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON mail_outbox, expiry_warning, job_run TO ${appRole};
GRANT USAGE, SELECT ON SEQUENCE mail_outbox_id_seq, job_run_id_seq TO ${appRole};
