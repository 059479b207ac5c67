package io.modelhouse.common;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * The job ledger: which node ran which firing (job, scheduled time) of a scheduled job — the
 * evidence that clustered Quartz runs each firing once, and where to look when a job did not do
 * what it should. Every {@code @Scheduled} job names it as its {@code skipExecutionIf}, so the
 * firing is claimed before the job starts, in one statement on the ledger's unique key.
 * <p>
 * Why a claim and not just a record: a node killed while a job runs leaves Quartz's fired trigger
 * behind, and cluster recovery re-fires it on a survivor with the same scheduled time (the jobs
 * request recovery). Every job here catches up on whatever is due, so the next firing finishes what
 * a dead one left; running the recovered firing as well would run it twice. The re-fire finds the
 * claim, is counted in {@code refires} and skipped.
 */
@ApplicationScoped
public class JobLedger implements Scheduled.SkipPredicate {

    private static final Logger LOG = Logger.getLogger(JobLedger.class);

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

    /** @return true (skip) when this firing was claimed before: a recovered re-fire of a run that started */
    @Override
    @ActivateRequestContext // runs before the job's own request context: Hibernate resolves the tenant through one
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean test(ScheduledExecution execution) {
        String job = execution.getTrigger().getId();
        Instant at = execution.getScheduledFireTime();
        Object[] claim = (Object[]) em.createNativeQuery("""
                INSERT INTO job_run AS r (job, scheduled_at, instance, ran_at) VALUES (:job, :at, :instance, :ran)
                ON CONFLICT (job, scheduled_at) DO UPDATE SET refires = r.refires + 1
                RETURNING r.refires, r.instance""")
                .setParameter("job", job).setParameter("at", at)
                .setParameter("instance", instance).setParameter("ran", clock.now()).getSingleResult();
        boolean ranBefore = ((Number) claim[0]).intValue() > 0;
        if (ranBefore) {
            LOG.infof("Job %s of %s was started on %s before; this re-fire on %s (cluster recovery) is skipped", job, at,
                    claim[1], instance);
        }
        return ranBefore;
    }

    /** Drops ledger rows older than {@code modelhouse.jobs.ledger-retention}. @return how many */
    @Transactional
    public int prune() {
        return em.createNativeQuery("DELETE FROM job_run WHERE ran_at < :before")
                .setParameter("before", clock.now().minus(config.jobs().ledgerRetention())).executeUpdate();
    }

    private static String hostAndPid() {
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + ManagementFactory.getRuntimeMXBean().getPid();
        } catch (Exception e) {
            return "pid:" + ManagementFactory.getRuntimeMXBean().getPid();
        }
    }
}
