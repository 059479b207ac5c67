package io.modelhouse.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelhouse.tenant.FaultInjection;
import io.modelhouse.testsupport.Tenants;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An evaluation started by SignalTriggers outlives whoever asked for it. It must not run in the
 * asker's request context: that one ends when its owner's work does, and Hibernate, opening the
 * evaluation's session after that, found no request context ("no tenant identifier specified",
 * seen once per cluster benchmark run). Here the asker's context ends while the evaluation is held
 * just before it reads anything.
 */
@QuarkusTest
class SignalTriggersContextTest {

    @Inject
    SignalTriggers triggers;
    @Inject
    FaultInjection faults;
    @Inject
    MeterRegistry registry;

    @AfterEach
    void clear() {
        faults.clear("signal-triggers.evaluate");
    }

    @Test
    void anEvaluationOutlivesTheRequestContextOfWhoeverAskedForIt() throws Exception {
        UUID tenant = UUID.fromString(Tenants.logistics("上下文 信号").id());
        double evaluated = count("evaluated");
        double failed = count("failed");
        FaultInjection.Hold held = faults.holdAt("signal-triggers.evaluate");
        AtomicReference<Throwable> asker = new AtomicReference<>();
        Thread t = new Thread(() -> {
            var requestContext = Arc.container().requestContext();
            requestContext.activate();
            try {
                triggers.touched(tenant);
                held.awaitReached();
            } catch (Throwable e) {
                asker.set(e);
            } finally {
                requestContext.terminate(); // the asker's work is done, the evaluation is not
            }
        }, "asker");
        t.start();
        t.join(Duration.ofSeconds(30).toMillis());
        assertEquals(null, asker.get());
        held.release();
        Awaitility.await("the evaluation ended").atMost(Duration.ofSeconds(30))
                .until(() -> count("evaluated") + count("failed") > evaluated + failed);
        assertEquals(failed, count("failed"), "the evaluation failed once its asker's request context had ended");
        assertTrue(count("evaluated") >= evaluated + 1, "the evaluation was not counted");
    }

    private double count(String outcome) {
        return registry.counter("modelhouse.signals.triggered", "outcome", outcome).count();
    }
}
