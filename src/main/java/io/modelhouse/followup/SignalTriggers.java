package io.modelhouse.followup;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelhouse.tenant.FaultInjection;
import io.modelhouse.usage.UsageWriter;

/**
 * Signals evaluated right after what may make them true, not only on the job's next pass: every
 * committed batch of usage events (a login, a page, an action of the workspace, an ask, an
 * invitation) has its tenants evaluated in the background, on this node. At most one evaluation of
 * a tenant runs at a time and they start at least {@link #MIN_GAP_MS} apart (a dashboard reports
 * the login on every page of its first minutes); a tenant touched meanwhile is evaluated once more
 * when the gap ends (trailing edge), so the last event is never left to the job. The stored state
 * makes it safe for two nodes, or the job, to evaluate the same tenant at once: each signal still
 * fires once.
 */
@ApplicationScoped
public class SignalTriggers {

    private static final Logger LOG = Logger.getLogger(SignalTriggers.class);
    /** The least time between two evaluations of one tenant started here. */
    static final long MIN_GAP_MS = 1_000;

    @Inject
    ManagedExecutor executor;
    @Inject
    SignalService signals;
    @Inject
    FaultInjection faults;
    @Inject
    MeterRegistry registry;

    /** When each tenant's last evaluation here started (System.nanoTime: the gap is real time, whatever the app clock says). */
    private final Map<UUID, Long> lastStarted = new ConcurrentHashMap<>();
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    /**
     * An evaluation runs in a request context of its own. The managed executor would otherwise hand
     * it the submitter's, if one was active, and that one ends with its owner, in the middle of the
     * evaluation: Hibernate then found no request context when it opened the session and failed with
     * "no tenant identifier specified" (once per cluster benchmark run, at the first events).
     */
    private final ThreadContext none = ThreadContext.builder().propagated().cleared(ThreadContext.ALL_REMAINING)
            .unchanged().build();

    void committed(@Observes UsageWriter.Committed batch) {
        batch.tenants().forEach(this::touched);
    }

    public void touched(UUID tenantId) {
        synchronized (this) {
            long now = System.nanoTime();
            Long last = lastStarted.get(tenantId);
            long wait = last == null ? 0 : MIN_GAP_MS - (now - last) / 1_000_000;
            if (running.contains(tenantId) || wait > 0) {
                if (pending.add(tenantId)) {
                    // once more when the gap ends (or the running one is done): the events of now are counted then
                    CompletableFuture.delayedExecutor(Math.max(wait, 50), TimeUnit.MILLISECONDS, executor)
                            .execute(none.contextualRunnable(() -> again(tenantId)));
                }
                return;
            }
            running.add(tenantId);
            lastStarted.put(tenantId, now);
        }
        executor.execute(none.contextualRunnable(() -> evaluate(tenantId)));
    }

    private void again(UUID tenantId) {
        pending.remove(tenantId);
        touched(tenantId);
    }

    @ActivateRequestContext
    void evaluate(UUID tenantId) {
        try {
            faults.point("signal-triggers.evaluate");
            signals.evaluate(tenantId);
            registry.counter("modelhouse.signals.triggered", "outcome", "evaluated").increment();
        } catch (RuntimeException e) {
            registry.counter("modelhouse.signals.triggered", "outcome", "failed").increment();
            LOG.warnf(e, "Signals of tenant %s not evaluated now (%s); the signal job will", tenantId, e.getMessage());
        } finally {
            running.remove(tenantId);
        }
    }
}
