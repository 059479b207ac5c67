-- Citus (issue 14 §2): with modelhouse.db.citus=true (Flyway placeholder ${citus}) the data plane is
-- distributed by tenant_id; with the default false this migration does nothing, which is what runs
-- on plain PostgreSQL here (Citus is not in this machine's package sources).
--
-- * Data plane (row-level security on tenant_id): distributed by tenant_id and co-located with
--   org_unit, so that one tenant's rows of every table sit on one worker and a clone, a reset, a
--   move-in or an export is a single-shard transaction. usage_event stays partitioned by day: Citus
--   distributes a partitioned table together with its partitions, and new day partitions made by
--   mh_usage_partitions() are distributed as they are attached.
-- * Templates and golden rows: reference tables (a copy on every worker), because every tenant's
--   clone reads them (INSERT ... SELECT from a reference table into a distributed one runs on the
--   worker).
-- * Control plane (tenant, accounts, audit, follow-ups, webhooks, mail outbox) and Quartz stay local
--   tables on the coordinator. Their foreign keys to template/template_version (now reference
--   tables) need citus.enable_local_reference_table_foreign_keys (on by default since Citus 11),
--   which adds the coordinator to the metadata.
-- CitusReadinessTest checks that every data-plane table of the catalog is named below.
DO $$
BEGIN
    IF '${citus}' <> 'true' THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
        RAISE EXCEPTION 'modelhouse.db.citus=true, but this database has no citus extension: run CREATE EXTENSION citus as a superuser on the coordinator first';
    END IF;
    PERFORM create_reference_table('template');
    PERFORM create_reference_table('template_version');
    PERFORM create_reference_table('golden_org_unit');
    PERFORM create_reference_table('golden_member');
    PERFORM create_reference_table('golden_record');
    PERFORM create_reference_table('golden_item');

    PERFORM create_distributed_table('org_unit', 'tenant_id');
    PERFORM create_distributed_table('member', 'tenant_id', colocate_with => 'org_unit');
    PERFORM create_distributed_table('business_record', 'tenant_id', colocate_with => 'org_unit');
    PERFORM create_distributed_table('workspace_item', 'tenant_id', colocate_with => 'org_unit');
    PERFORM create_distributed_table('usage_daily', 'tenant_id', colocate_with => 'org_unit');
    PERFORM create_distributed_table('usage_event', 'tenant_id', colocate_with => 'org_unit');
END $$;
