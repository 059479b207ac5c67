package io.modelhouse.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.quartz.Nonconcurrent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/** Every night (Beijing time) long-lived tenants' data clocks slide forward in whole weeks. */
@ApplicationScoped
public class DataClockJob {

    private static final Logger LOG = Logger.getLogger(DataClockJob.class);

    @Inject
    TenantLifecycle lifecycle;
    @Inject
    JobLedger ledger;

    @Nonconcurrent
    @Scheduled(identity = "data-clock", cron = "0 30 2 * * ?", timeZone = "Asia/Shanghai")
    void run(ScheduledExecution execution) {
        ledger.record("data-clock", execution);
        int moved = lifecycle.slideDataClocks();
        LOG.infof("Data clock: %d tenant(s) moved forward", moved);
    }
}
