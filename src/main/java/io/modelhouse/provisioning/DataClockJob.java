package io.modelhouse.provisioning;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/** Every night (Beijing time) long-lived tenants' data clocks slide forward in whole weeks. */
@ApplicationScoped
public class DataClockJob {

    private static final Logger LOG = Logger.getLogger(DataClockJob.class);

    @Inject
    TenantLifecycle lifecycle;
    @Inject
    io.modelhouse.lifecycle.JobLedger ledger;

    @Scheduled(identity = "data-clock", cron = "0 30 2 * * ?", timeZone = "Asia/Shanghai",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run(io.quarkus.scheduler.ScheduledExecution execution) {
        ledger.record("data-clock", execution);
        int moved = lifecycle.slideDataClocks();
        LOG.infof("Data clock: %d tenant(s) moved forward", moved);
    }
}
