package io.modelhouse.followup;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.modelhouse.common.ModelhouseClock;

/**
 * Signals evaluated right after what may make them true (a login, an action of the workspace, an
 * ask, an invitation), not only on the job's next pass: the pages call {@link #touched} and the
 * tenant is evaluated in the background, on this node, at most once per tenant every few seconds
 * (a dashboard reports the login on every page of its first minutes). The stored state makes it
 * safe for two nodes, or the job, to evaluate the same tenant at once: each signal still fires once.
 */
@ApplicationScoped
public class SignalTriggers {

    private static final Logger LOG = Logger.getLogger(SignalTriggers.class);
    /** The least time between two evaluations of one tenant started here. */
    static final long MIN_GAP_MS = 5_000;

    @Inject
    ManagedExecutor executor;
    @Inject
    SignalService signals;
    @Inject
    ModelhouseClock clock;

    private final Map<UUID, Long> lastStarted = new ConcurrentHashMap<>();
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();

    public void touched(UUID tenantId) {
        long now = clock.now().toEpochMilli();
        Long last = lastStarted.get(tenantId);
        if ((last != null && now - last < MIN_GAP_MS) || !running.add(tenantId)) {
            return;
        }
        lastStarted.put(tenantId, now);
        executor.execute(() -> evaluate(tenantId));
    }

    @ActivateRequestContext
    void evaluate(UUID tenantId) {
        try {
            signals.evaluate(tenantId);
        } catch (RuntimeException e) {
            LOG.warnf("Signals of tenant %s not evaluated now (%s); the signal job will", tenantId, e.getMessage());
        } finally {
            running.remove(tenantId);
        }
    }
}
