package io.modelhouse.followup;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.modelhouse.common.JobLedger;
import io.quarkus.quartz.Nonconcurrent;
import io.quarkus.scheduler.Scheduled;

/**
 * The signal job on clustered Quartz: each trigger fires on one node, never while the previous pass
 * is still going anywhere. A pass evaluates the active tenants 500 at a time, each chunk in one
 * transaction from a few set-based reads ({@link SignalService#evaluateMany}); a chunk that fails is
 * done again a tenant at a time, so one tenant's failure does not stop the others.
 */
@ApplicationScoped
public class SignalJobs {

    private static final Logger LOG = Logger.getLogger(SignalJobs.class);

    /** Tenants evaluated together, in one transaction and a few reads. */
    static final int CHUNK = 500;

    @Inject
    SignalService signals;
    @Inject
    org.eclipse.microprofile.context.ManagedExecutor executor;

    @Nonconcurrent
    @Scheduled(identity = "signals", skipExecutionIf = JobLedger.class, every = "${modelhouse.jobs.signals-every:1m}", delayed = "${modelhouse.jobs.delay:30s}")
    void scheduled() {
        pass();
    }

    /**
     * One pass over the active tenants (with a request context, which the tenant resolver needs on a
     * thread that is not a request's). @return how many signals fired
     */
    @jakarta.enterprise.context.control.ActivateRequestContext
    public int pass() {
        long start = System.nanoTime();
        List<UUID> all = signals.activeTenants();
        // chunks side by side, one per core: the reads are PostgreSQL's work, and it uses a core per connection
        List<List<UUID>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        int threads = Math.max(1, Math.min(chunks.size(), Runtime.getRuntime().availableProcessors()));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger firedAll = new AtomicInteger();
        AtomicInteger failedAll = new AtomicInteger();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            workers.add(CompletableFuture.runAsync(() -> {
                for (int i = next.getAndIncrement(); i < chunks.size(); i = next.getAndIncrement()) {
                    int[] r = chunk(chunks.get(i));
                    firedAll.addAndGet(r[0]);
                    failedAll.addAndGet(r[1]);
                }
            }, executor));
        }
        workers.forEach(CompletableFuture::join);
        int fired = firedAll.get();
        int failed = failedAll.get();
        LOG.infof("Signal pass: %d tenants, %d signals fired, %d failed, %d ms", all.size(), fired, failed,
                (System.nanoTime() - start) / 1_000_000);
        return fired;
    }

    /** One chunk in one transaction; if it fails, its tenants one by one. @return {fired, failed} */
    @jakarta.enterprise.context.control.ActivateRequestContext
    int[] chunk(List<UUID> chunk) {
        try {
            return new int[] { signals.evaluateMany(chunk), 0 };
        } catch (RuntimeException e) {
            // one bad tenant must not stop its chunk: the chunk again, a tenant at a time
            LOG.warnf("Signal pass: a chunk of %d tenants failed together (%s); evaluating them one by one", chunk.size(),
                    e.getMessage());
            int fired = 0;
            int failed = 0;
            for (UUID id : chunk) {
                try {
                    fired += signals.evaluate(id).size();
                } catch (RuntimeException one) {
                    failed++;
                    LOG.warnf(one, "Signals of tenant %s not evaluated; the next pass tries again", id);
                }
            }
            return new int[] { fired, failed };
        }
    }
}
