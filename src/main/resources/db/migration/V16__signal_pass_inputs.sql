-- The signal job's full pass reads what many tenants did in one statement, not one query per tenant
-- (issue 12's benchmark: 5,000 tenants in ≤ 10 s). usage_event and member are row-level secured to
-- one tenant, so the cross-tenant reads are these two functions, owned by the migrating role (like
-- the rollup), each answering only what the pass needs.

-- Per tenant and person: the days they were active (in the tenant's time zone) and every distinct
-- thing they did, as two strings (a row per person keeps the transfer small): days joined by ',',
-- deeds by chr(29), each deed type chr(31) feature chr(31) target, chr(30) standing for "none".
CREATE FUNCTION mh_signal_inputs(tenants uuid[])
    RETURNS TABLE (tenant_id uuid, account_id uuid, days text, deeds text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$
    SELECT e.tenant_id, e.account_id,
           string_agg(DISTINCT ((e.at AT TIME ZONE t.time_zone)::date)::text, ','),
           string_agg(DISTINCT e.type || chr(31) || coalesce(e.feature, chr(30)) || chr(31) || coalesce(e.target, chr(30)), chr(29))
    FROM usage_event e JOIN tenant t ON t.id = e.tenant_id
    WHERE e.tenant_id = ANY (tenants) AND e.account_id IS NOT NULL
    GROUP BY e.tenant_id, e.account_id
    $$;

-- Who holds each role's seat in each tenant's org chart (the first by sort order).
CREATE FUNCTION mh_role_seats(tenants uuid[])
    RETURNS TABLE (tenant_id uuid, role_key text, name text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$
    SELECT DISTINCT ON (m.tenant_id, m.role_key) m.tenant_id, m.role_key, m.name
    FROM member m WHERE m.tenant_id = ANY (tenants) AND m.role_key IS NOT NULL
    ORDER BY m.tenant_id, m.role_key, m.sort_order
    $$;

REVOKE ALL ON FUNCTION mh_signal_inputs(uuid[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION mh_role_seats(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mh_signal_inputs(uuid[]) TO ${appRole};
GRANT EXECUTE ON FUNCTION mh_role_seats(uuid[]) TO ${appRole};
