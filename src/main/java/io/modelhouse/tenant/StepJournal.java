package io.modelhouse.tenant;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.modelhouse.common.ModelhouseClock;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The step journal of builds. Each step's work commits in its own transaction together
 * with the record of the step on the tenant row, so after a crash the row says exactly how far the
 * tenant got and the reconciler can finish or undo it. This is the one place that opens
 * transactions programmatically: a build is several commits on purpose (one transaction around it
 * would hold locks across Keycloak round trips and lose the record of progress on a crash), and
 * the steps are lambdas of the caller, so a declarative boundary per step would need a bean per step.
 */
@ApplicationScoped
public class StepJournal {

    @Inject
    EntityManager em;
    @Inject
    TenantContext tenantContext;
    @Inject
    ModelhouseClock clock;
    @Inject
    FaultInjection faults;

    /**
     * Runs the step's work as the tenant (row-level security) and commits it with the step's record.
     * A build's step first locks the tenant row and checks that the build still owns it: a purge
     * (DELETE, pool recycling) or the reconciler's rollback that got there first ends the build
     * here, before its work could bring back what they removed; and while the step holds the row,
     * they wait for it.
     */
    public <T> T step(UUID tenantId, ProvisioningStep step, Supplier<T> work) {
        T result = tenantContext.runAs(tenantId, () -> QuarkusTransaction.requiringNew().call(() -> {
            if (step != ProvisioningStep.RECORDED) {
                stillBuilding(tenantId);
            }
            T r = work.get();
            record(tenantId, step);
            return r;
        }));
        faults.after(step);
        return result;
    }

    private void stillBuilding(UUID tenantId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT state, provisioning_step FROM tenant WHERE id = :id FOR UPDATE")
                .setParameter("id", tenantId).getResultList();
        if (rows.isEmpty() || !"PROVISIONING".equals(rows.get(0)[0])
                || ProvisioningStep.PURGING.name().equals(rows.get(0)[1])) {
            throw new BuildTakenOver(tenantId, rows.isEmpty() ? "gone" : String.valueOf(rows.get(0)[0]));
        }
    }

    /** The build lost its tenant to a purge or a rollback while it ran. */
    public static class BuildTakenOver extends IllegalStateException {
        public BuildTakenOver(UUID tenantId, String state) {
            super("tenant " + tenantId + " was removed while it was being built (now " + state + ")");
        }
    }

    public void step(UUID tenantId, ProvisioningStep step, Runnable work) {
        step(tenantId, step, () -> {
            work.run();
            return null;
        });
    }

    private void record(UUID tenantId, ProvisioningStep step) {
        em.createNativeQuery("UPDATE tenant SET provisioning_step = :s, step_at = :at WHERE id = :id")
                .setParameter("s", step.name()).setParameter("at", clock.now()).setParameter("id", tenantId).executeUpdate();
    }
}
