package io.modelhouse.tenant;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.Arc;

/**
 * Which tenant's data the current unit of work may touch. Requests get it from the caller's token
 * ({@link RequestTenant}); provisioning and jobs set it explicitly with {@link #runAs}. Application
 * scoped on purpose: a request-scoped resolver breaks inside Quartz jobs (quarkusio/quarkus#20533).
 *
 * Both walls read it: Hibernate's discriminator ({@link HibernateTenantResolver}) and PostgreSQL's
 * row-level security setting ({@link TenantSessionInterceptor}).
 */
@ApplicationScoped
public class TenantContext {

    /** Hibernate needs some identifier when there is no tenant; it matches no tenant row. */
    public static final String NO_TENANT = "00000000-0000-0000-0000-000000000000";

    private static final ThreadLocal<UUID> EXPLICIT = new ThreadLocal<>();

    @Inject
    RequestTenant requestTenant;

    public Optional<UUID> current() {
        UUID explicit = EXPLICIT.get();
        if (explicit != null) {
            return Optional.of(explicit);
        }
        if (Arc.container() != null && Arc.container().requestContext().isActive()) {
            return requestTenant.tenantId();
        }
        return Optional.empty();
    }

    /**
     * Runs work as the given tenant on this thread. Open the transaction inside, so its connection
     * is acquired (and the RLS setting applied) with the tenant already set.
     */
    public <T> T runAs(UUID tenantId, Supplier<T> work) {
        UUID previous = EXPLICIT.get();
        EXPLICIT.set(tenantId);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                EXPLICIT.remove();
            } else {
                EXPLICIT.set(previous);
            }
        }
    }

    public void runAs(UUID tenantId, Runnable work) {
        runAs(tenantId, () -> {
            work.run();
            return null;
        });
    }
}
