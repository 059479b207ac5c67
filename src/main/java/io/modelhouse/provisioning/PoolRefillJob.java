package io.modelhouse.provisioning;

import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.template.Template;
import io.modelhouse.template.TemplateVersion;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps every template's warm pool at its size. Pooled tenants of a version that is no longer
 * current (retired or superseded) or built on an earlier day are recycled: purged and replaced.
 * Clustered Quartz fires it on one node at a time; a run that overlaps the previous one is skipped.
 */
@ApplicationScoped
public class PoolRefillJob {

    private static final Logger LOG = Logger.getLogger(PoolRefillJob.class);

    @Inject
    PoolBuilder builder;
    @Inject
    TenantPurger purger;
    @Inject
    ModelhouseClock clock;
    @Inject
    io.modelhouse.lifecycle.JobLedger ledger;

    @ConfigProperty(name = "modelhouse.pool.max-builds-per-run", defaultValue = "20")
    int maxBuildsPerRun;

    @Scheduled(identity = "pool-refill", every = "${modelhouse.pool.refill-every:15s}", delayed = "${modelhouse.pool.refill-delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run(io.quarkus.scheduler.ScheduledExecution execution) {
        ledger.record("pool-refill", execution);
        refill();
    }

    /** @return how many tenants were built */
    @ActivateRequestContext // callable from jobs and plain threads: Hibernate resolves the tenant through it
    public int refill() {
        int built = 0;
        List<Template> templates = QuarkusTransaction.requiringNew().call(() -> Template.<Template> list("order by key"));
        for (Template t : templates) {
            var current = QuarkusTransaction.requiringNew().call(() -> TemplateVersion.current(t.key));
            if (current.isEmpty()) {
                continue;
            }
            for (UUID stale : builder.stale(t.key, current.get().id, clock.today(ZoneId.of(current.get().timeZone)))) {
                purger.purge(stale, "system:pool-recycle");
            }
            long ready = QuarkusTransaction.requiringNew().call(() -> Tenant.count("templateKey = ?1 and state = ?2", t.key,
                    TenantState.POOLED));
            for (long missing = t.poolSize - ready; missing > 0 && built < maxBuildsPerRun; missing--) {
                try {
                    builder.buildOne(t.key);
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
