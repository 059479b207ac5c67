package io.modelhouse.lifecycle;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.ModelhouseConfig;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Writes down which node ran which trigger of a scheduled job: the evidence that clustered Quartz
 * fires each trigger once, and where to look when a job did not do what it should.
 */
@ApplicationScoped
public class JobLedger {

    @Inject
    EntityManager em;
    @Inject
    ModelhouseClock clock;
    @Inject
    ModelhouseConfig config;

    private String instance;

    @PostConstruct
    void name() {
        instance = config.instance().orElseGet(JobLedger::hostAndPid);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(String job, ScheduledExecution execution) {
        em.createNativeQuery(
                "INSERT INTO job_run (job, scheduled_at, instance, ran_at) VALUES (:job, :at, :instance, :ran)")
                .setParameter("job", job).setParameter("at", execution.getScheduledFireTime())
                .setParameter("instance", instance).setParameter("ran", clock.now()).executeUpdate();
    }

    private static String hostAndPid() {
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + ManagementFactory.getRuntimeMXBean().getPid();
        } catch (Exception e) {
            return "pid:" + ManagementFactory.getRuntimeMXBean().getPid();
        }
    }
}
