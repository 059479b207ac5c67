-- Dates inside a record's fields (fields of type "date", e.g. a permit's valid-until) are relative
-- too. Golden rows keep them as {"a": anchor, "d": days, "m": minutes, "w": workday} and list the
-- field names in date_fields; the clone resolves them with mh_resolve_date like the record's own
-- date, and the data clock slides them with it. Only rows that have such fields pay for it.

ALTER TABLE golden_record ADD COLUMN date_fields text[];
ALTER TABLE business_record ADD COLUMN date_fields text[];

CREATE FUNCTION mh_resolve_fields(data jsonb, fields text[], today date, now_at timestamptz, tz text) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT data || coalesce((
        SELECT jsonb_object_agg(e.key, to_jsonb(mh_resolve_date(e.value->>'a', (e.value->>'d')::int, (e.value->>'m')::int,
                                                                (e.value->>'w')::boolean, today, now_at, tz)))
        FROM jsonb_each(data) e
        WHERE e.key = ANY (fields) AND jsonb_typeof(e.value) = 'object'), '{}'::jsonb)
    $$;

CREATE FUNCTION mh_shift_fields(data jsonb, fields text[], days int) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT data || coalesce((
        SELECT jsonb_object_agg(e.key, to_jsonb((e.value #>> '{}')::timestamptz + make_interval(days => days)))
        FROM jsonb_each(data) e
        WHERE e.key = ANY (fields) AND jsonb_typeof(e.value) = 'string'), '{}'::jsonb)
    $$;
