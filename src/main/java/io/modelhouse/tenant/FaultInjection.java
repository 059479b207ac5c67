package io.modelhouse.tenant;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.modelhouse.common.ModelhouseConfig;

/**
 * Fault drills. With {@code modelhouse.fault.halt-after=<STEP>} the process halts (as kill -9
 * would: no shutdown hooks, no rollback) right after that step is committed: tests prove the
 * reconciler leaves either a READY tenant or nothing. Named points ({@link #point}) let an
 * in-process test stop a thread exactly between two actions (to land a competing call there) or
 * make a call fail; nothing is armed unless a test arms it, and an unarmed point costs a map lookup.
 */
@ApplicationScoped
public class FaultInjection {

    private static final Logger LOG = Logger.getLogger(FaultInjection.class);

    @Inject
    ModelhouseConfig config;

    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    /** A thread stopped at a point: {@code reached} opens when it gets there, it goes on when {@code gate} opens. */
    public record Hold(CountDownLatch reached, CountDownLatch gate) {
        public void awaitReached() throws InterruptedException {
            if (!reached.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("nobody reached the point in 60 s");
            }
        }

        public void release() {
            gate.countDown();
        }
    }

    public void after(ProvisioningStep step) {
        if (step.name().equalsIgnoreCase(config.fault().haltAfter())) {
            LOG.errorf("FAULT INJECTION: halting the process after step %s", step);
            Runtime.getRuntime().halt(137);
        }
        point("step." + step.name());
    }

    /** The next thread to reach {@code point} waits there until released (tests only). */
    public Hold holdAt(String point) {
        Hold h = new Hold(new CountDownLatch(1), new CountDownLatch(1));
        holds.put(point, h);
        return h;
    }

    /** Every thread reaching {@code point} fails there until {@link #clear}ed (tests only). */
    public void failAt(String point, String message) {
        failures.put(point, message);
    }

    public void clear(String point) {
        failures.remove(point);
        Hold h = holds.remove(point);
        if (h != null) {
            h.release();
        }
    }

    /** A named place in a flow where a drill may stop or fail the thread. */
    public void point(String point) {
        String failure = failures.get(point);
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        Hold h = holds.remove(point);
        if (h != null) {
            h.reached.countDown();
            try {
                if (!h.gate.await(60, TimeUnit.SECONDS)) {
                    LOG.warnf("FAULT INJECTION: nobody released point %s in 60 s", point);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
