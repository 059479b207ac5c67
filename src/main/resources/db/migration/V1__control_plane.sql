-- Control plane: templates, versions, tenants, accounts, audit.
-- Owned by the migration role; the app role gets DML only (see the grants at the end),
-- so row-level security on the data plane (V2) binds for the app.

CREATE TABLE template (
    key            text PRIMARY KEY,
    name_zh        text NOT NULL,
    name_en        text NOT NULL,
    customer_type  text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE template_version (
    id             bigserial PRIMARY KEY,
    template_key   text NOT NULL REFERENCES template(key),
    version        int NOT NULL,
    state          text NOT NULL CHECK (state IN ('DRAFT', 'PUBLISHED', 'RETIRED')),
    checksum       text NOT NULL,
    manifest       jsonb NOT NULL,          -- the parsed bundle: persona, roles, record types, defaults
    time_zone      text NOT NULL,
    trial_days     int NOT NULL,
    seat_limit     int NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    published_at   timestamptz,
    UNIQUE (template_key, version)
);

-- Golden rows: a published version materialised once; provisioning copies them with INSERT ... SELECT.
-- Ids are small integers local to the version; a clone derives the tenant's uuids from them.
-- Dates are kept relative (anchor + days + minute of day) and resolved by mh_resolve_date at clone time.
CREATE TABLE golden_org_unit (
    version_id     bigint NOT NULL REFERENCES template_version(id) ON DELETE CASCADE,
    local_id       int NOT NULL,
    parent_local_id int,
    unit_key       text NOT NULL,
    name_zh        text NOT NULL,
    name_en        text NOT NULL,
    depth          int NOT NULL,
    sort_order     int NOT NULL,
    PRIMARY KEY (version_id, local_id)
);

CREATE TABLE golden_member (
    version_id     bigint NOT NULL REFERENCES template_version(id) ON DELETE CASCADE,
    local_id       int NOT NULL,
    unit_local_id  int NOT NULL,
    name           text NOT NULL,
    name_latin     text NOT NULL,
    title_zh       text NOT NULL,
    title_en       text NOT NULL,
    role_key       text,                  -- the template role this seat stands for, if any
    email_local    text NOT NULL,
    phone          text NOT NULL,
    sort_order     int NOT NULL,
    PRIMARY KEY (version_id, local_id)
);

CREATE TABLE golden_record (
    version_id     bigint NOT NULL REFERENCES template_version(id) ON DELETE CASCADE,
    local_id       int NOT NULL,
    record_type    text NOT NULL,
    ref_no         text NOT NULL,
    title          text NOT NULL,
    status         text NOT NULL,
    at_anchor      text NOT NULL CHECK (at_anchor IN ('today', 'now', 'month_start', 'week_start')),
    at_days        int NOT NULL,
    at_minutes     int NOT NULL,
    at_workday     boolean NOT NULL,
    member_local_id int,
    amount         numeric(14, 2),
    data           jsonb NOT NULL,
    PRIMARY KEY (version_id, local_id)
);

CREATE TABLE tenant (
    id                  uuid PRIMARY KEY,
    template_key        text NOT NULL REFERENCES template(key),
    template_version    int NOT NULL,
    template_version_id bigint NOT NULL REFERENCES template_version(id),
    company             text NOT NULL,
    state               text NOT NULL CHECK (state IN ('POOLED', 'PROVISIONING', 'READY', 'ACTIVE', 'EXPIRED', 'PURGED', 'FAILED', 'CONVERTED')),
    failure             text,
    owner_email         text,
    idempotency_key     text UNIQUE,
    request_hash        text,
    time_zone           text NOT NULL,
    seat_limit          int NOT NULL,
    from_pool           boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL,
    ready_at            timestamptz,
    activated_at        timestamptz,
    expires_at          timestamptz NOT NULL,
    provisioning_millis bigint,
    keycloak_org_id     text,
    version             bigint NOT NULL DEFAULT 0
);
CREATE INDEX tenant_state_idx ON tenant (state, expires_at);
CREATE INDEX tenant_template_idx ON tenant (template_key, state);

CREATE TABLE trial_account (
    id                uuid PRIMARY KEY,
    tenant_id         uuid NOT NULL REFERENCES tenant(id),
    keycloak_user_id  text UNIQUE,
    username          text NOT NULL UNIQUE,
    email             text NOT NULL,
    name              text NOT NULL,
    role_key          text NOT NULL,
    member_id         uuid,                 -- the person in the tenant's org chart this login is
    state             text NOT NULL CHECK (state IN ('ACTIVE', 'DISABLED', 'DELETED')),
    created_at        timestamptz NOT NULL,
    last_login_at     timestamptz
);
CREATE INDEX trial_account_tenant_idx ON trial_account (tenant_id);

CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL,
    action      text NOT NULL,
    tenant_id   uuid,
    detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, at);

GRANT SELECT, INSERT, UPDATE, DELETE ON template, template_version, golden_org_unit, golden_member,
    golden_record, tenant, trial_account, audit_log TO ${appRole};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${appRole};
