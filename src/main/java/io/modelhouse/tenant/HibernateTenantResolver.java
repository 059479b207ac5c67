package io.modelhouse.tenant;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantResolver;

/** The first wall: Hibernate's discriminator filter on every {@code @TenantId} entity. */
@PersistenceUnitExtension
@ApplicationScoped
public class HibernateTenantResolver implements TenantResolver {

    @Inject
    TenantContext context;

    @Override
    public String getDefaultTenantId() {
        return TenantContext.NO_TENANT;
    }

    @Override
    public String resolveTenantId() {
        return context.current().map(UUID::toString).orElse(TenantContext.NO_TENANT);
    }
}
