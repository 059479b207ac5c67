-- Tenant data plane: the demo product's tables. Every row carries tenant_id, leads its primary key
-- (Citus-ready: distribution column tenant_id) and is fenced by row-level security keyed on the
-- per-connection setting app.tenant_id, which TenantSessionInterceptor sets from the tenant context.
-- An unset or empty setting matches no row at all.

CREATE FUNCTION mh_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

-- Resolves a template's relative date in the tenant's time zone. Workday-bound dates that land on a
-- weekend move to the nearest workday (Saturday back to Friday, Sunday on to Monday).
CREATE FUNCTION mh_resolve_date(anchor text, days int, minutes int, workday boolean,
                                today date, now_at timestamptz, tz text) RETURNS timestamptz
    LANGUAGE sql STABLE
    AS $$
    SELECT CASE
        WHEN anchor = 'now' THEN now_at + make_interval(mins => minutes)
        ELSE (
            (SELECT d + CASE WHEN workday AND extract(isodow FROM d) = 6 THEN -1
                             WHEN workday AND extract(isodow FROM d) = 7 THEN 1
                             ELSE 0 END
             FROM (SELECT (CASE anchor
                              WHEN 'month_start' THEN date_trunc('month', today)::date
                              WHEN 'week_start' THEN date_trunc('week', today)::date
                              ELSE today END) + days AS d) base)
            + make_interval(mins => minutes)
        ) AT TIME ZONE tz
    END
    $$;

CREATE TABLE org_unit (
    tenant_id    uuid NOT NULL,
    id           uuid NOT NULL,
    parent_id    uuid,
    unit_key     text,
    name_zh      text NOT NULL,
    name_en      text NOT NULL,
    depth        int NOT NULL,
    sort_order   int NOT NULL,
    origin       text NOT NULL CHECK (origin IN ('seed', 'prospect')),
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE member (
    tenant_id    uuid NOT NULL,
    id           uuid NOT NULL,
    org_unit_id  uuid NOT NULL,
    name         text NOT NULL,
    name_latin   text NOT NULL,
    title_zh     text NOT NULL,
    title_en     text NOT NULL,
    role_key     text,
    email        text NOT NULL,
    phone        text NOT NULL,
    sort_order   int NOT NULL,
    origin       text NOT NULL CHECK (origin IN ('seed', 'prospect')),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX member_unit_idx ON member (tenant_id, org_unit_id);

CREATE TABLE business_record (
    tenant_id    uuid NOT NULL,
    id           uuid NOT NULL,
    record_type  text NOT NULL,
    ref_no       text NOT NULL,
    title        text NOT NULL,
    status       text NOT NULL,
    occurs_at    timestamptz NOT NULL,
    member_id    uuid,
    amount       numeric(14, 2),
    data         jsonb NOT NULL,
    origin       text NOT NULL CHECK (origin IN ('seed', 'prospect')),
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX business_record_type_idx ON business_record (tenant_id, record_type, occurs_at DESC);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['org_unit', 'member', 'business_record'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = mh_current_tenant()) '
                       'WITH CHECK (tenant_id = mh_current_tenant())', t);
    END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON org_unit, member, business_record TO ${appRole};
