package io.modelhouse.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.modelhouse.common.JobLedger;
import io.quarkus.quartz.Nonconcurrent;
import io.quarkus.scheduler.Scheduled;

/** Every night (Beijing time) long-lived tenants' data clocks slide forward in whole weeks. */
@ApplicationScoped
public class DataClockJob {

    private static final Logger LOG = Logger.getLogger(DataClockJob.class);

    @Inject
    TenantLifecycle lifecycle;

    @Nonconcurrent
    @Scheduled(identity = "data-clock", skipExecutionIf = JobLedger.class, cron = "0 30 2 * * ?", timeZone = "Asia/Shanghai")
    void run() {
        int moved = lifecycle.slideDataClocks();
        LOG.infof("Data clock: %d tenant(s) moved forward", moved);
    }
}
