-- Usage: what prospects do in their model house. Raw events are partitioned by day (UTC) so that
-- retention is dropping whole partitions; partitions are made ahead by a job through
-- mh_usage_partitions (the app role owns nothing, so DDL goes through this owner's function).
-- Writes go through mh_record_usage only: the group-commit writer inserts one batch of many
-- tenants' events in one statement, which row-level security (one tenant per connection) would
-- refuse; the function is the narrow door that may, and ON CONFLICT makes a retried batch count once.

CREATE SEQUENCE usage_event_seq;

CREATE TABLE usage_event (
    tenant_id    uuid NOT NULL,
    at           timestamptz NOT NULL,
    id           uuid NOT NULL,
    seq          bigint NOT NULL DEFAULT nextval('usage_event_seq'),
    account_id   uuid NOT NULL,                -- the person: a trial account
    role         text NOT NULL,                -- their role key in the template
    type         text NOT NULL,
    feature      text,
    target       text,
    duration_ms  int,
    props        jsonb,
    origin       text NOT NULL CHECK (origin IN ('server', 'client')),
    at_clamped   boolean NOT NULL DEFAULT false, -- the client's "at" was out of range and replaced
    received_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, at, id)
) PARTITION BY RANGE (at);

-- catches what no day partition takes (should stay empty: partitions are made ahead)
CREATE TABLE usage_event_default PARTITION OF usage_event DEFAULT;

CREATE INDEX usage_event_received_idx ON usage_event (received_at);
CREATE INDEX usage_event_person_idx ON usage_event (tenant_id, account_id, at);
CREATE INDEX usage_event_type_idx ON usage_event (tenant_id, type, at);

ALTER TABLE usage_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON usage_event USING (tenant_id = mh_current_tenant())
    WITH CHECK (tenant_id = mh_current_tenant());
GRANT SELECT, DELETE ON usage_event TO ${appRole};

CREATE FUNCTION mh_record_usage(events jsonb) RETURNS int
    LANGUAGE sql SECURITY DEFINER SET search_path = public
    AS $$
    WITH ins AS (
        INSERT INTO usage_event (tenant_id, at, id, account_id, role, type, feature, target, duration_ms, props, origin,
                                 at_clamped)
        SELECT e.tenant_id, e.at, e.id, e.account_id, e.role, e.type, e.feature, e.target, e.duration_ms, e.props, e.origin,
               coalesce(e.at_clamped, false)
        FROM jsonb_to_recordset(events) AS e(tenant_id uuid, at timestamptz, id uuid, account_id uuid, role text, type text,
                                             feature text, target text, duration_ms int, props jsonb, origin text,
                                             at_clamped boolean)
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT count(*)::int FROM ins
    $$;

-- Day partitions from first_day for the given number of days; partitions of days before keep_from
-- are dropped. Returns what it did (+name, -name).
CREATE FUNCTION mh_usage_partitions(first_day date, days int, keep_from date) RETURNS text[]
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
    AS $$
DECLARE
    d    date;
    name text;
    done text[] := '{}';
    r    record;
BEGIN
    FOR i IN 0 .. days - 1 LOOP
        d := first_day + i;
        name := 'usage_event_' || to_char(d, 'YYYYMMDD');
        IF to_regclass(name) IS NULL THEN
            BEGIN
                EXECUTE format('CREATE TABLE %I PARTITION OF usage_event FOR VALUES FROM (%L) TO (%L)', name,
                               d::text || ' 00:00:00+00', (d + 1)::text || ' 00:00:00+00');
                done := done || ('+' || name);
            EXCEPTION WHEN check_violation THEN
                -- the default partition already holds rows of that day: they stay there
                done := done || ('!' || name);
            END;
        END IF;
    END LOOP;
    FOR r IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = 'usage_event'::regclass AND c.relname ~ '^usage_event_[0-9]{8}$'
               AND to_date(substr(c.relname, 13), 'YYYYMMDD') < keep_from LOOP
        EXECUTE format('DROP TABLE %I', r.relname);
        done := done || ('-' || r.relname);
    END LOOP;
    RETURN done;
END
$$;

-- The rollup: per tenant, day (in the tenant's time zone), person, role and feature. Dashboards
-- read this, never the raw events.
CREATE TABLE usage_daily (
    tenant_id   uuid NOT NULL,
    day         date NOT NULL,
    account_id  uuid NOT NULL,
    role        text NOT NULL,
    feature     text NOT NULL,               -- '' for events without a feature
    events      int NOT NULL,
    active_ms   bigint NOT NULL,
    PRIMARY KEY (tenant_id, day, account_id, role, feature)
);
ALTER TABLE usage_daily ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON usage_daily USING (tenant_id = mh_current_tenant())
    WITH CHECK (tenant_id = mh_current_tenant());
GRANT SELECT, DELETE ON usage_daily TO ${appRole};

CREATE TABLE usage_rollup_state (
    id         int PRIMARY KEY CHECK (id = 1),
    watermark  timestamptz NOT NULL
);
INSERT INTO usage_rollup_state VALUES (1, '-infinity');

-- Recomputes every (tenant, day) that received events since the watermark minus a margin (a batch
-- that committed late still counts), then moves the watermark to the start of this run. Running
-- it twice gives the same rows: each touched day is rebuilt whole from the raw events.
CREATE FUNCTION mh_usage_rollup(margin interval) RETURNS int
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
    AS $$
DECLARE
    started timestamptz := clock_timestamp();
    since   timestamptz;
    n       int;
BEGIN
    SELECT watermark - margin INTO since FROM usage_rollup_state WHERE id = 1 FOR UPDATE;
    CREATE TEMP TABLE touched ON COMMIT DROP AS
        SELECT DISTINCT e.tenant_id, (e.at AT TIME ZONE t.time_zone)::date AS day, t.time_zone
        FROM usage_event e JOIN tenant t ON t.id = e.tenant_id
        WHERE e.received_at >= since;
    DELETE FROM usage_daily d USING touched x WHERE d.tenant_id = x.tenant_id AND d.day = x.day;
    INSERT INTO usage_daily (tenant_id, day, account_id, role, feature, events, active_ms)
    -- a page's own report of the time spent on it (client page_view) adds time, not an event: the
    -- server already counted that view
    SELECT e.tenant_id, x.day, e.account_id, e.role, coalesce(e.feature, ''),
           count(*) FILTER (WHERE NOT (e.origin = 'client' AND e.type = 'page_view')), coalesce(sum(e.duration_ms), 0)
    FROM touched x
    JOIN usage_event e ON e.tenant_id = x.tenant_id
        AND e.at >= (x.day::timestamp AT TIME ZONE x.time_zone)
        AND e.at < ((x.day + 1)::timestamp AT TIME ZONE x.time_zone)
    GROUP BY e.tenant_id, x.day, e.account_id, e.role, coalesce(e.feature, '');
    GET DIAGNOSTICS n = ROW_COUNT;
    UPDATE usage_rollup_state SET watermark = started WHERE id = 1;
    RETURN n;
END
$$;
