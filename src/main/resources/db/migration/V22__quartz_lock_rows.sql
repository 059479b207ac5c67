-- Quartz's two cluster locks as rows, before any node starts. Quartz makes a missing lock row
-- itself (SELECT ... FOR UPDATE, then INSERT), so two nodes starting at once on a new database can
-- both insert it: the second gets a duplicate key, its JTA transaction is aborted, and the node
-- fails to start ("current transaction is aborted", seen when deploy/local/cluster.sh started both
-- app nodes on a fresh database). The name is Quarkus's default quarkus.quartz.instance-name.
INSERT INTO qrtz_locks (sched_name, lock_name) VALUES
    ('QuarkusQuartzScheduler', 'TRIGGER_ACCESS'),
    ('QuarkusQuartzScheduler', 'STATE_ACCESS')
ON CONFLICT DO NOTHING;
