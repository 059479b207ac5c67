package io.modelhouse.provisioning;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A crash drill: with {@code modelhouse.fault.halt-after=<STEP>} the process halts (as kill -9
 * would: no shutdown hooks, no rollback) right after that step is recorded. Only for tests that
 * prove the reconciler leaves either a READY tenant or nothing; off unless set.
 */
@ApplicationScoped
public class FaultInjection {

    private static final Logger LOG = Logger.getLogger(FaultInjection.class);

    @ConfigProperty(name = "modelhouse.fault.halt-after", defaultValue = "none")
    String haltAfter;

    public void after(ProvisioningStep step) {
        if (step.name().equalsIgnoreCase(haltAfter)) {
            LOG.errorf("FAULT INJECTION: halting the process after step %s", step);
            Runtime.getRuntime().halt(137);
        }
    }
}
