-- Templates become admin-managed: versions keep the files they were made from; the template
-- carries its fleet settings. The workspace (channels, messages, announcements, approvals, tasks,
-- integrations and their sync logs) gets golden rows and a tenant table of its own.

ALTER TABLE template ADD COLUMN pool_size int NOT NULL DEFAULT 0 CHECK (pool_size >= 0);
ALTER TABLE template ADD COLUMN trial_days int CHECK (trial_days BETWEEN 1 AND 180);   -- NULL: the version's default
ALTER TABLE template ADD COLUMN seat_limit int CHECK (seat_limit BETWEEN 1 AND 200);   -- NULL: the version's default
ALTER TABLE template_version ADD COLUMN files jsonb NOT NULL DEFAULT '{}';
ALTER TABLE template_version ADD COLUMN created_by text;
ALTER TABLE template_version ADD COLUMN retired_at timestamptz;

-- One table for every workspace item kind keeps provisioning at one more INSERT ... SELECT.
-- kind: channel, message, announcement, approval_flow, approval_request, task, integration, sync_log.
CREATE TABLE golden_item (
    version_id      bigint NOT NULL REFERENCES template_version(id) ON DELETE CASCADE,
    local_id        int NOT NULL,
    parent_local_id int,
    kind            text NOT NULL,
    item_key        text,
    title           text NOT NULL,
    body            text,
    status          text,
    at_anchor       text NOT NULL CHECK (at_anchor IN ('today', 'now', 'month_start', 'week_start')),
    at_days         int NOT NULL,
    at_minutes      int NOT NULL,
    at_workday      boolean NOT NULL,
    member_local_id int,
    amount          numeric(14, 2),
    data            jsonb NOT NULL,
    PRIMARY KEY (version_id, local_id)
);

CREATE TABLE workspace_item (
    tenant_id    uuid NOT NULL,
    id           uuid NOT NULL,
    parent_id    uuid,
    kind         text NOT NULL,
    item_key     text,
    title        text NOT NULL,
    body         text,
    status       text,
    occurs_at    timestamptz NOT NULL,
    member_id    uuid,
    amount       numeric(14, 2),
    data         jsonb NOT NULL,
    origin       text NOT NULL CHECK (origin IN ('seed', 'prospect')),
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX workspace_item_kind_idx ON workspace_item (tenant_id, kind, occurs_at DESC);

ALTER TABLE workspace_item ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON workspace_item USING (tenant_id = mh_current_tenant())
    WITH CHECK (tenant_id = mh_current_tenant());

GRANT SELECT, INSERT, UPDATE, DELETE ON golden_item, workspace_item TO ${appRole};
