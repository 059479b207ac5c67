package io.modelhouse.identity;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.modelhouse.tenant.TenantDecisions;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A login for one person of the prospect, bound to one template role. The user itself lives in Keycloak. */
@Entity
@Table(name = "trial_account")
@jakarta.persistence.EntityListeners(TenantDecisions.Listener.class)
public class TrialAccount extends PanacheEntityBase implements TenantDecisions.HasTenant {

    public enum State {
        /** Pre-made with a pooled tenant, disabled in Keycloak until the tenant is assigned. */
        POOLED,
        ACTIVE,
        DISABLED,
        DELETED
    }

    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public UUID tenantId;
    @Column(name = "keycloak_user_id")
    public String keycloakUserId;
    public String username;
    public String email;
    public String name;
    @Column(name = "role_key")
    public String roleKey;
    @Column(name = "member_id")
    public UUID memberId;
    @Enumerated(EnumType.STRING)
    public State state;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "last_login_at")
    public Instant lastLoginAt;
    /** A pooled account's generated password, sealed; handed out once at assignment, then cleared. */
    @Column(name = "sealed_password")
    public String sealedPassword;
    /** The language of this person's mails: zh-CN or en. */
    public String locale = "zh-CN";

    public Locale mailLocale() {
        return "en".equals(locale) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
    }

    /** The tenant's accounts that are people's logins (not pooled placeholders, not deleted). */
    public static List<TrialAccount> ofTenant(UUID tenantId) {
        return list("tenantId = ?1 and state in ?2 order by createdAt, username", tenantId,
                List.of(State.ACTIVE, State.DISABLED));
    }

    public static List<TrialAccount> pooledOf(UUID tenantId) {
        return list("tenantId = ?1 and state = ?2 order by createdAt, username", tenantId, State.POOLED);
    }

    public static List<TrialAccount> allOf(UUID tenantId) {
        return list("tenantId = ?1 order by createdAt, username", tenantId);
    }

    public static Optional<TrialAccount> byKeycloakUser(String keycloakUserId) {
        // native: on every page, and HQL is translated anew on each call in a tenant session (a profile)
        return getEntityManager()
                .createNativeQuery("SELECT * FROM trial_account WHERE keycloak_user_id = :u LIMIT 1", TrialAccount.class)
                .setParameter("u", keycloakUserId).getResultStream().findFirst().map(TrialAccount.class::cast);
    }

    @Override
    public UUID tenantId() {
        return tenantId;
    }
}
