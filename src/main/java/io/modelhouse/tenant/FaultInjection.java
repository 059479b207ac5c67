package io.modelhouse.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.modelhouse.common.ModelhouseConfig;

/**
 * A crash drill: with {@code modelhouse.fault.halt-after=<STEP>} the process halts (as kill -9
 * would: no shutdown hooks, no rollback) right after that step is committed. Only for tests that
 * prove the reconciler leaves either a READY tenant or nothing; off unless set.
 */
@ApplicationScoped
public class FaultInjection {

    private static final Logger LOG = Logger.getLogger(FaultInjection.class);

    @Inject
    ModelhouseConfig config;

    public void after(ProvisioningStep step) {
        if (step.name().equalsIgnoreCase(config.fault().haltAfter())) {
            LOG.errorf("FAULT INJECTION: halting the process after step %s", step);
            Runtime.getRuntime().halt(137);
        }
    }
}
