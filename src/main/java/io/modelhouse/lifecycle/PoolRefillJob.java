package io.modelhouse.lifecycle;

import java.time.ZoneId;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.modelhouse.common.ClusterLock;
import io.modelhouse.common.JobLedger;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.ModelhouseConfig;
import io.modelhouse.provisioning.TenantProvisioner;
import io.modelhouse.template.Template;
import io.modelhouse.template.TemplateService;
import io.modelhouse.tenant.QuietTime;
import io.modelhouse.tenant.TenantService;
import io.modelhouse.tenant.TenantState;
import io.quarkus.quartz.Nonconcurrent;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps every template's warm pool at its size (the builds are provisioning's). Pooled tenants of a
 * version that is no longer current (retired or superseded) or built on an earlier day are
 * recycled: purged and replaced. Before each costly step of a build (the clone, each password hash)
 * it waits for {@link QuietTime}: the prospects being served come first. Clustered Quartz fires it on
 * one node at a time ({@code @Nonconcurrent}); every run, scheduled or called, holds the cluster lock.
 */
@ApplicationScoped
public class PoolRefillJob {

    private static final Logger LOG = Logger.getLogger(PoolRefillJob.class);

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
    QuietTime quiet;
    @Inject
    ClusterLock locks;

    @Nonconcurrent
    @Scheduled(identity = "pool-refill", skipExecutionIf = JobLedger.class, every = "${modelhouse.pool.refill-every:15s}", delayed = "${modelhouse.pool.refill-delay:5s}")
    void run() {
        refill();
    }

    /**
     * One refill at a time across the cluster (the schedule on any node, an operator's call): two at
     * once would both see the same gap and fill it twice.
     *
     * @return how many tenants were built
     */
    @ActivateRequestContext // callable from jobs and plain threads: Hibernate resolves the tenant through it
    public int refill() {
        return locks.run("job:pool-refill", this::refillNow);
    }

    private int refillNow() {
        int built = 0;
        int max = config.pool().maxBuildsPerRun();
        for (Template t : templates.all()) {
            var current = templates.published(t.key);
            if (current.isEmpty()) {
                continue;
            }
            var v = current.get().version();
            for (UUID stale : tenants.stalePooled(t.key, v.id, clock.today(ZoneId.of(v.timeZone)))) {
                purger.recyclePooled(stale, "system:pool-recycle");
            }
            long ready = tenants.count(t.key, TenantState.POOLED);
            for (long missing = t.poolSize - ready; missing > 0 && built < max; missing--) {
                try {
                    provisioner.buildPooled(t.key, quiet::await);
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
