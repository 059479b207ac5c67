package io.modelhouse.admin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.modelhouse.lifecycle.PoolRefillJob;
import io.modelhouse.lifecycle.Reconciler;
import io.modelhouse.lifecycle.TenantLifecycle;
import io.modelhouse.lifecycle.TrialClock;
import io.modelhouse.usage.UsageJobs;
import io.smallrye.common.annotation.Blocking;

/** Run a scheduled job now (admins; tests and operators use these instead of waiting for the schedule). */
@Path("/api/ops")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Blocking
public class OperationsResource {

    @Inject
    Reconciler reconciler;
    @Inject
    PoolRefillJob pools;
    @Inject
    TenantLifecycle lifecycle;
    @Inject
    TrialClock trials;
    @Inject
    UsageJobs usage;

    @POST
    @Path("reconcile")
    public Reconciler.Report reconcile() {
        return reconciler.reconcile();
    }

    public record Count(int count) {
    }

    @POST
    @Path("pool-refill")
    public Count refill() {
        return new Count(pools.refill());
    }

    @POST
    @Path("expiry-warnings")
    public Count warnings() {
        return new Count(trials.sendWarnings());
    }

    @POST
    @Path("expiry")
    public Count expiry() {
        return new Count(trials.expireDue());
    }

    @POST
    @Path("purge-expired")
    public Count purgeExpired() {
        return new Count(trials.purgeAfterGrace());
    }

    @POST
    @Path("data-clock")
    public Count dataClock() {
        return new Count(lifecycle.slideDataClocks());
    }

    @POST
    @Path("usage-rollup")
    public Count usageRollup() {
        return new Count(usage.rollup());
    }

    public record Changes(java.util.List<String> changes) {
    }

    /** Day partitions made ahead and the ones past the retention dropped: +made, -dropped. */
    @POST
    @Path("usage-partitions")
    public Changes usagePartitions() {
        return new Changes(usage.partitions());
    }
}
