package io.modelhouse.tenant;

/** A model house's life: PRODUCT.md §2. */
public enum TenantState {
    POOLED,
    PROVISIONING,
    READY,
    ACTIVE,
    EXPIRED,
    PURGED,
    FAILED,
    CONVERTED;

    /** Whether prospects may use it now. */
    public boolean open() {
        return this == READY || this == ACTIVE || this == CONVERTED;
    }
}
