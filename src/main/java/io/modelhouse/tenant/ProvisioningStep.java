package io.modelhouse.tenant;

/**
 * The steps of building, assigning and purging a tenant, recorded on the tenant row as each one
 * finishes. After a crash the reconciler reads the last one to know what exists and must be undone
 * (or, for a purge, finished).
 */
public enum ProvisioningStep {
    /** The tenant row exists (state PROVISIONING); nothing else yet. */
    RECORDED,
    /** Golden rows copied into the tenant, contacts placed. */
    DATA_CLONED,
    /** The Keycloak organization exists. */
    ORGANIZATION_CREATED,
    /** The Keycloak users exist and are members. */
    ACCOUNTS_CREATED,
    /** A pooled tenant was claimed for a prospect. */
    CLAIMED,
    /** The claimed tenant carries the prospect's company, contacts and today's dates. */
    PERSONALISED,
    /** Done: READY (or POOLED for a pool build). */
    READY,
    /**
     * A dead build was taken over by the reconciler (the tenant is FAILED): its data and identities
     * are being removed. A teardown that fails (Keycloak failing over) is tried again on the next
     * run until it succeeds.
     */
    ROLLING_BACK,
    /** The rollback removed everything; the FAILED tenant row stays as the record. */
    ROLLED_BACK,
    /** A purge began: data and identities are being removed; the reconciler finishes it. */
    PURGING,
    PURGED
}
