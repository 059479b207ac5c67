package io.modelhouse.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.modelhouse.common.JobLedger;
import io.quarkus.quartz.Nonconcurrent;
import io.quarkus.scheduler.Scheduled;

/**
 * The trial clock on clustered Quartz: each trigger fires on one node, never while the previous run
 * of the same job is still going anywhere ({@code @Nonconcurrent}); the work itself holds the
 * job's cluster lock, so an operator's call through /api/ops waits for a scheduled run too.
 */
@ApplicationScoped
public class TrialJobs {

    @Inject
    TrialClock trials;
    @Inject
    JobLedger ledger;
    @Inject
    io.modelhouse.identity.WebSessions sessions;

    @Nonconcurrent
    @Scheduled(identity = "expiry-warnings", skipExecutionIf = JobLedger.class, every = "${modelhouse.jobs.warnings-every:15m}", delayed = "${modelhouse.jobs.delay:30s}")
    void warnings() {
        trials.sendWarnings();
    }

    @Nonconcurrent
    @Scheduled(identity = "expiry", skipExecutionIf = JobLedger.class, every = "${modelhouse.jobs.expiry-every:1m}", delayed = "${modelhouse.jobs.delay:20s}")
    void expiry() {
        trials.expireDue();
    }

    @Nonconcurrent
    @Scheduled(identity = "purge", skipExecutionIf = JobLedger.class, every = "${modelhouse.jobs.purge-every:1h}", delayed = "${modelhouse.jobs.delay:60s}")
    void purge() {
        trials.purgeAfterGrace();
        ledger.prune();
        // browser sessions past their end (the caches drop theirs by themselves)
        sessions.sweep();
    }
}
