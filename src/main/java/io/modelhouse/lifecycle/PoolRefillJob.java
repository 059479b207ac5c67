package io.modelhouse.lifecycle;

import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.ModelhouseConfig;
import io.modelhouse.provisioning.TenantProvisioner;
import io.modelhouse.template.Template;
import io.modelhouse.template.TemplateService;
import io.modelhouse.tenant.TenantService;
import io.modelhouse.tenant.TenantState;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Keeps every template's warm pool at its size (the builds are provisioning's). Pooled tenants of a
 * version that is no longer current (retired or superseded) or built on an earlier day are
 * recycled: purged and replaced. Clustered Quartz fires it on one node at a time; a run that
 * overlaps the previous one is skipped.
 */
@ApplicationScoped
public class PoolRefillJob {

    private static final Logger LOG = Logger.getLogger(PoolRefillJob.class);
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final Duration YIELD_STEP = Duration.ofMillis(200);
    private static final Duration MAX_YIELD = Duration.ofSeconds(15);

    @Inject
    TemplateService templates;
    @Inject
    TenantService tenants;
    @Inject
    TenantProvisioner provisioner;
    @Inject
    TenantPurger purger;
    @Inject
    ModelhouseClock clock;
    @Inject
    ModelhouseConfig config;
    @Inject
    JobLedger ledger;

    @Scheduled(identity = "pool-refill", every = "${modelhouse.pool.refill-every:15s}", delayed = "${modelhouse.pool.refill-delay:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run(ScheduledExecution execution) {
        ledger.record("pool-refill", execution);
        refill();
    }

    /**
     * A pool build hashes three passwords and copies thousands of rows: on a small machine that is
     * time taken from the prospects being served at that moment, who are the reason the pool exists.
     * So before each costly step of a pool build the refill waits while a prospect's tenant is being
     * built or assigned (or was, in the last two seconds), up to a bound, so that a steady stream of
     * prospects slows the refill down but never stops it.
     */
    void yieldToProspects() {
        long until = System.nanoTime() + MAX_YIELD.toNanos(); // real time: the trial clock may stand still in tests
        try {
            while (tenants.prospectsBeingServed(clock.now().minus(QUIET)) && System.nanoTime() < until) {
                Thread.sleep(YIELD_STEP.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return how many tenants were built */
    @ActivateRequestContext // callable from jobs and plain threads: Hibernate resolves the tenant through it
    public int refill() {
        int built = 0;
        int max = config.pool().maxBuildsPerRun();
        for (Template t : templates.all()) {
            var current = templates.published(t.key);
            if (current.isEmpty()) {
                continue;
            }
            var v = current.get().version();
            for (UUID stale : tenants.stalePooled(t.key, v.id, clock.today(ZoneId.of(v.timeZone)))) {
                purger.purge(stale, "system:pool-recycle");
            }
            long ready = tenants.count(t.key, TenantState.POOLED);
            for (long missing = t.poolSize - ready; missing > 0 && built < max; missing--) {
                try {
                    provisioner.buildPooled(t.key, this::yieldToProspects);
                    built++;
                } catch (RuntimeException e) {
                    LOG.warnf("Pool refill of %s stopped: %s", t.key, e.getMessage());
                    break;
                }
            }
        }
        if (built > 0) {
            LOG.infof("Pool refill built %d tenant(s)", built);
        }
        return built;
    }
}
