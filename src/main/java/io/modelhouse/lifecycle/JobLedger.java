package io.modelhouse.lifecycle;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.modelhouse.common.ModelhouseClock;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Writes down which node ran which trigger of a scheduled job: the evidence that clustered Quartz
 * fires each trigger once, and where to look when a job did not do what it should.
 */
@ApplicationScoped
public class JobLedger {

    static final String INSTANCE = instance();

    @Inject
    EntityManager em;
    @Inject
    ModelhouseClock clock;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(String job, ScheduledExecution execution) {
        em.createNativeQuery(
                "INSERT INTO job_run (job, scheduled_at, instance, ran_at) VALUES (:job, :at, :instance, :ran)")
                .setParameter("job", job).setParameter("at", execution.getScheduledFireTime())
                .setParameter("instance", INSTANCE).setParameter("ran", clock.now()).executeUpdate();
    }

    private static String instance() {
        String configured = System.getProperty("modelhouse.instance");
        if (configured != null) {
            return configured;
        }
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + ManagementFactory.getRuntimeMXBean().getPid();
        } catch (Exception e) {
            return "pid:" + ManagementFactory.getRuntimeMXBean().getPid();
        }
    }
}
