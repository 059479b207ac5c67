package io.modelhouse.common;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes the audit log: who did what to which tenant, when, with the details as JSON (Jackson). */
@ApplicationScoped
public class Audit {

    @Inject
    ObjectMapper json;
    @Inject
    ModelhouseClock clock;

    /**
     * A purged tenant's entries keep what happened and when, not to whom: a prospect actor becomes
     * {@code prospect}, and names, mails and usernames leave the details. In the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forgetPeople(UUID tenantId) {
        AuditEntry.getEntityManager().createNativeQuery("UPDATE audit_log SET actor = CASE WHEN actor LIKE 'prospect:%'"
                + " THEN 'prospect' ELSE actor END, detail = detail - 'username' - 'email' - 'name' - 'to'"
                + " WHERE tenant_id = :t").setParameter("t", tenantId).executeUpdate();
    }

    /** Part of the caller's transaction: the entry is committed with the change it describes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String actor, String action, UUID tenantId, Map<String, ?> detail) {
        AuditEntry e = new AuditEntry();
        e.at = clock.now();
        e.actor = actor;
        e.action = action;
        e.tenantId = tenantId;
        try {
            e.detail = json.writeValueAsString(detail == null ? Map.of() : detail);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("audit detail is not JSON-serialisable", ex);
        }
        e.persist();
    }
}
