package io.modelhouse.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/** The trial clock on clustered Quartz: each trigger fires on one node; overlapping runs are skipped. */
@ApplicationScoped
public class TrialJobs {

    @Inject
    TrialClock trials;
    @Inject
    JobLedger ledger;

    @Scheduled(identity = "expiry-warnings", every = "${modelhouse.jobs.warnings-every:15m}", delayed = "${modelhouse.jobs.delay:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void warnings(ScheduledExecution execution) {
        ledger.record("expiry-warnings", execution);
        trials.sendWarnings();
    }

    @Scheduled(identity = "expiry", every = "${modelhouse.jobs.expiry-every:1m}", delayed = "${modelhouse.jobs.delay:20s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expiry(ScheduledExecution execution) {
        ledger.record("expiry", execution);
        trials.expireDue();
    }

    @Scheduled(identity = "purge", every = "${modelhouse.jobs.purge-every:1h}", delayed = "${modelhouse.jobs.delay:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge(ScheduledExecution execution) {
        ledger.record("purge", execution);
        trials.purgeAfterGrace();
    }
}
