-- Client event ids (POST /api/portal/events [{id, ...}]; usage.js always sends one): a resend of the
-- same id after a 503, a lost answer or a beacon that did get through is stored once. usage_event's
-- own key cannot do it: a partitioned table's unique keys hold its partition time, and a client whose
-- clock is off has its "at" replaced by the server's now on each attempt. So the first arrival of a
-- (tenant, id) claims it here, and only a claimed event is inserted; keys older than the intake's
-- window are pruned with the day partitions (UsageJobs), since a later resend has its time replaced anyway.
CREATE TABLE usage_event_key (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX usage_event_key_received_idx ON usage_event_key (received_at);
ALTER TABLE usage_event_key ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON usage_event_key USING (tenant_id = mh_current_tenant())
    WITH CHECK (tenant_id = mh_current_tenant());
GRANT SELECT, DELETE ON usage_event_key TO ${appRole};

-- One batch of the group-commit writer, as before, and: an event with a client id (client_id true)
-- goes in only if this batch claimed its id; two copies inside one batch count once (DISTINCT ON).
CREATE OR REPLACE FUNCTION mh_record_usage(events jsonb) RETURNS int
    LANGUAGE sql SECURITY DEFINER SET search_path = public
    AS $$
    WITH e AS (
        SELECT DISTINCT ON (x.tenant_id, x.id) x.*
        FROM jsonb_to_recordset(events) AS x(tenant_id uuid, at timestamptz, id uuid, account_id uuid, role text, type text,
                                             feature text, target text, duration_ms int, props jsonb, origin text,
                                             at_clamped boolean, client_id boolean)
        ORDER BY x.tenant_id, x.id, x.at
    ), claimed AS (
        INSERT INTO usage_event_key (tenant_id, id)
        SELECT tenant_id, id FROM e WHERE coalesce(client_id, false)
        ON CONFLICT DO NOTHING
        RETURNING tenant_id, id
    ), ins AS (
        INSERT INTO usage_event (tenant_id, at, id, account_id, role, type, feature, target, duration_ms, props, origin,
                                 at_clamped)
        SELECT e.tenant_id, e.at, e.id, e.account_id, e.role, e.type, e.feature, e.target, e.duration_ms, e.props, e.origin,
               coalesce(e.at_clamped, false)
        FROM e
        WHERE NOT coalesce(e.client_id, false)
           OR EXISTS (SELECT 1 FROM claimed c WHERE c.tenant_id = e.tenant_id AND c.id = e.id)
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT count(*)::int FROM ins
    $$;

DO $$
BEGIN
    IF '${citus}' <> 'true' THEN
        RETURN;
    END IF;
    PERFORM create_distributed_table('usage_event_key', 'tenant_id', colocate_with => 'org_unit');
END $$;

-- Keys past the intake's window go (UsageJobs.partitions, daily), across tenants: the table owner's
-- function, since the app's role sees one tenant's rows at a time.
CREATE FUNCTION mh_usage_keys_prune(before timestamptz) RETURNS int
    LANGUAGE sql SECURITY DEFINER SET search_path = public
    AS $$
    WITH gone AS (DELETE FROM usage_event_key WHERE received_at < before RETURNING 1)
    SELECT count(*)::int FROM gone
    $$;
