package io.modelhouse.followup;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.quartz.Nonconcurrent;
import io.quarkus.scheduler.Scheduled;

/**
 * The signal job on clustered Quartz: each trigger fires on one node, never while the previous pass
 * is still going anywhere. A pass evaluates every active tenant, each in its own transaction, so one
 * tenant's failure does not stop the others (it is logged and retried on the next pass).
 */
@ApplicationScoped
public class SignalJobs {

    private static final Logger LOG = Logger.getLogger(SignalJobs.class);

    @Inject
    SignalService signals;

    @Nonconcurrent
    @Scheduled(identity = "signals", every = "${modelhouse.jobs.signals-every:1m}", delayed = "${modelhouse.jobs.delay:30s}")
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
        int tenants = 0;
        int fired = 0;
        for (UUID id : signals.activeTenants()) {
            try {
                fired += signals.evaluate(id).size();
                tenants++;
            } catch (RuntimeException e) {
                LOG.warnf(e, "Signals of tenant %s not evaluated; the next pass tries again", id);
            }
        }
        LOG.infof("Signal pass: %d tenants, %d signals fired, %d ms", tenants, fired, (System.nanoTime() - start) / 1_000_000);
        return fired;
    }
}
