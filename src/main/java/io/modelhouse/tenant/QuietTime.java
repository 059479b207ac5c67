package io.modelhouse.tenant;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.modelhouse.common.ModelhouseClock;

/**
 * Background work that only tidies up or prepares (pool builds, an organization's display name)
 * waits until no prospect is being served, on any node: on a small machine it would otherwise take
 * time from the prospects who are waiting. Bounded, so a steady stream of prospects only slows it.
 */
@ApplicationScoped
public class QuietTime {

    /** A prospect served this recently still counts as being served. */
    static final Duration QUIET = Duration.ofSeconds(2);
    static final Duration STEP = Duration.ofMillis(200);
    /** The longest one wait lasts. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(15);

    @Inject
    TenantService tenants;
    @Inject
    ModelhouseClock clock;

    public void await() {
        long until = System.nanoTime() + MAX_WAIT.toNanos(); // real time: the trial clock may stand still in tests
        try {
            while (tenants.prospectsBeingServed(clock.now().minus(QUIET)) && System.nanoTime() < until) {
                Thread.sleep(STEP.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
