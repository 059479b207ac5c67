package io.modelhouse.tenant;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.quarkus.arc.Arc;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;

/**
 * The decisions about prospects that requests reuse (identity/ProspectResolver: this person's account
 * is enabled, this trial open, read-only or ended), and the one place that makes them stale. They are
 * cached per person and tenant, so every change of a tenant's row or of one of its accounts' rows
 * (expire, extend, convert, purge, disable, remove, …) forgets that tenant's decisions once the change
 * commits: this node decides anew on the next request; another node within the cache's bound
 * (quarkus.cache.caffeine."prospect-access".expire-after-write). Forgetting after the commit, not at
 * the write, keeps a request running beside the transaction from caching the old state again.
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable // looked up by the entity listener
public class TenantDecisions {

    public static final String CACHE = "prospect-access";

    @Inject
    @CacheName(CACHE)
    Cache decisions;
    @Inject
    TransactionSynchronizationRegistry transactions;

    /** A decision's key: one person's in one tenant. */
    public static String key(String subject, UUID tenantId) {
        return subject + "|" + tenantId;
    }

    /** Forgets the tenant's decisions when the current transaction commits, or now outside one. */
    public void forget(UUID tenantId) {
        if (tenantId == null) {
            return;
        }
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            forgetNow(tenantId);
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                forgetNow(tenantId);
            }
        });
    }

    private void forgetNow(UUID tenantId) {
        String suffix = "|" + tenantId;
        decisions.invalidateIf(k -> k.toString().endsWith(suffix)).await().indefinitely();
    }

    /**
     * On {@link Tenant} and the trial account entity: a changed or deleted row makes its tenant's
     * decisions stale. (Bulk HQL or native updates bypass this; those that touch what a decision
     * reads call {@link #forget} themselves.)
     */
    public static class Listener {

        @PostUpdate
        @PostRemove
        void changed(Object entity) {
            UUID tenantId = entity instanceof Tenant t ? t.id : entity instanceof HasTenant h ? h.tenantId() : null;
            Arc.container().instance(TenantDecisions.class).get().forget(tenantId);
        }
    }

    /** An entity that belongs to one tenant and whose changes count for the tenant's decisions. */
    public interface HasTenant {
        UUID tenantId();
    }
}
