-- The job ledger holds one row per firing (job, scheduled time): the node that runs a firing claims
-- it first (common/JobLedger). Quartz's cluster recovery re-fires a firing whose node died while it
-- ran, with the same scheduled time; that re-fire now finds the claim, counts itself in refires and
-- is skipped instead of running the job a second time.
--
-- Rows written before this migration may hold such doubles (the bug this fixes): the earliest run
-- of a firing stays, each later one becomes a refire of it.
ALTER TABLE job_run ADD COLUMN refires integer NOT NULL DEFAULT 0;

WITH firing AS (
    SELECT id, first_value(id) OVER w AS first_id, count(*) OVER (PARTITION BY job, scheduled_at) - 1 AS later
    FROM job_run
    WINDOW w AS (PARTITION BY job, scheduled_at ORDER BY ran_at, id)
)
UPDATE job_run r SET refires = f.later FROM firing f WHERE r.id = f.id AND f.id = f.first_id AND f.later > 0;

DELETE FROM job_run r USING job_run earlier
WHERE earlier.job = r.job AND earlier.scheduled_at = r.scheduled_at
  AND (earlier.ran_at, earlier.id) < (r.ran_at, r.id);

DROP INDEX job_run_job_idx;
CREATE UNIQUE INDEX job_run_firing_key ON job_run (job, scheduled_at);
-- the ledger's pruning (older than modelhouse.jobs.ledger-retention) and "what ran since" reads
CREATE INDEX job_run_ran_at_idx ON job_run (ran_at);
