package io.modelhouse.identity;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Audit;
import io.modelhouse.mail.TrialMails;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateService;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantState;
import io.modelhouse.tenant.TenantView;

/**
 * Trial accounts in the control plane: reads, the writes that follow a Keycloak call, and the
 * invitation mail (one for every path that hands out a password: a new tenant, an invited
 * colleague, a restored login). Keycloak calls themselves are made by {@link AccountService}. Reads
 * run in a transaction too (see TenantService): an assignment reads the pooled placeholders, renames
 * them in another transaction, and must then see the people, not the placeholders.
 */
@ApplicationScoped
@Transactional
public class AccountStore {

    @Inject
    Audit audit;
    @Inject
    TrialMails mails;
    @Inject
    LoginLinks links;
    @Inject
    TemplateService templates;

    public List<TrialAccount> ofTenant(UUID tenantId) {
        return TrialAccount.ofTenant(tenantId);
    }

    public List<TrialAccount> pooledOf(UUID tenantId) {
        return TrialAccount.pooledOf(tenantId);
    }

    public List<TrialAccount> allOf(UUID tenantId) {
        return TrialAccount.allOf(tenantId);
    }

    public long seatsUsed(UUID tenantId) {
        return TrialAccount.count("tenantId = ?1 and state in ?2", tenantId,
                List.of(TrialAccount.State.ACTIVE, TrialAccount.State.DISABLED));
    }

    public Optional<TrialAccount> find(UUID accountId) {
        return TrialAccount.findByIdOptional(accountId);
    }

    public Optional<TrialAccount> byKeycloakUser(String userId) {
        return TrialAccount.byKeycloakUser(userId);
    }

    public TrialAccount require(UUID tenantId, String username) {
        return TrialAccount.<TrialAccount> find("tenantId = ?1 and username = ?2 and state <> ?3", tenantId, username,
                TrialAccount.State.DELETED).firstResultOptional().orElseThrow(() -> ApiProblem.notFound("Account " + username));
    }

    /** Accounts of live tenants whose state says they should have a Keycloak user. */
    public List<TrialAccount> expectingUsers(List<TenantState> tenantStates) {
        return TrialAccount.list("state in ?1 and tenantId in (select t.id from Tenant t where t.state in ?2)",
                List.of(TrialAccount.State.ACTIVE, TrialAccount.State.DISABLED), tenantStates);
    }

    public void persistAll(List<TrialAccount> accounts) {
        accounts.forEach(a -> a.persist());
    }

    /** Pooled placeholders become the people's logins (their sealed password is forgotten); accounts made fresh are added. */
    public void saveAssigned(List<TrialAccount> accounts) {
        for (TrialAccount m : accounts) {
            TrialAccount existing = TrialAccount.findById(m.id);
            if (existing == null) {
                m.persist();
            } else {
                existing.username = m.username;
                existing.email = m.email;
                existing.name = m.name;
                existing.roleKey = m.roleKey;
                existing.memberId = m.memberId;
                existing.state = TrialAccount.State.ACTIVE;
                existing.createdAt = m.createdAt;
                existing.sealedPassword = null;
                existing.locale = m.locale;
            }
        }
    }

    /**
     * The purge's last word on the tenant's people: their accounts keep only role and dates (name,
     * mail and username go), the audit log forgets who they were, and one entry keeps the counts for
     * reporting. A second call (a purge finished after a crash) finds nobody left and writes nothing.
     *
     * @param counted what the other parts of the purge removed (mails, usage events), for the entry
     */
    public void forgetPeople(UUID tenantId, Map<String, Object> counted) {
        var em = TrialAccount.getEntityManager();
        Object[] n = (Object[]) em.createNativeQuery("SELECT count(*), count(last_login_at) FROM trial_account"
                + " WHERE tenant_id = :t AND email <> ''").setParameter("t", tenantId).getSingleResult();
        audit.forgetPeople(tenantId);
        if (((Number) n[0]).longValue() == 0) {
            return;
        }
        em.createNativeQuery("UPDATE trial_account SET username = 'purged-' || id, email = '', name = '',"
                + " keycloak_user_id = NULL, sealed_password = NULL, state = 'DELETED' WHERE tenant_id = :t")
                .setParameter("t", tenantId).executeUpdate();
        Map<String, Object> detail = new java.util.LinkedHashMap<>();
        detail.put("accounts", ((Number) n[0]).longValue());
        detail.put("loggedIn", ((Number) n[1]).longValue());
        detail.putAll(counted);
        audit.record("system:purge", "tenant.forget", tenantId, detail);
    }

    public void markAllDeleted(UUID tenantId) {
        for (TrialAccount a : TrialAccount.allOf(tenantId)) {
            a.state = TrialAccount.State.DELETED;
            a.sealedPassword = null;
        }
    }

    public TrialAccount setState(UUID accountId, TrialAccount.State state, String actor, String action) {
        TrialAccount a = TrialAccount.findById(accountId);
        a.state = state;
        audit.record(actor, action, a.tenantId, Map.of("username", a.username));
        return a;
    }

    /** After a pristine reset the person sits in the freshly cloned org chart again. */
    public void setMember(UUID accountId, UUID memberId) {
        TrialAccount.<TrialAccount> findById(accountId).memberId = memberId;
    }

    /** The first login, noted once: a conditional update, so parallel first logins never collide. */
    public void recordLogin(TrialAccount a, Instant at) {
        if (a.lastLoginAt == null) {
            TrialAccount.update("lastLoginAt = ?1 where id = ?2 and lastLoginAt is null", at, a.id);
            a.lastLoginAt = at;
        }
    }

    /** A new account (or a spare pre-made one, now the colleague's) and its invitation, committed together. */
    public void invited(Tenant t, TrialAccount account, String password, String actor) {
        saveAssigned(List.of(account));
        audit.record(actor, "account.invite", t.id, Map.of("username", account.username));
        mailInvitation(t, account, password);
    }

    /** A login made again after its Keycloak user vanished: its new password goes to the person. */
    public void restored(Tenant t, UUID accountId, String userId, String password) {
        TrialAccount a = TrialAccount.findById(accountId);
        a.keycloakUserId = userId;
        audit.record("system:reconciler", "account.restore", t.id, Map.of("username", a.username));
        mailInvitation(t, a, password);
    }

    /** The invitation for one account: login link, company, role and what to try first, in the person's language. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void mailInvitation(Tenant t, TrialAccount a, String password) {
        TemplateBundle bundle = templates.bundleOf(t.templateVersionId);
        Locale locale = a.mailLocale();
        TemplateBundle.Role role = bundle.role(a.roleKey);
        String first = bundle.scenarios().scenarios().stream().filter(s -> s.role().equals(a.roleKey)).findFirst()
                .map(s -> s.title().in(locale)).orElse(null);
        mails.invitation(t.id, a.email, locale, new TrialMails.Invitation(a.name, t.company,
                role == null ? a.roleKey : role.name().in(locale), a.username, password, links.forUser(a.username), first,
                t.expiresAt, t.timeZone));
    }

    /** A tenant on the wire with its accounts and their login links; passwords only where given (on creation). */
    public TenantView view(Tenant t, Map<String, String> passwords) {
        List<TenantView.Account> list = TrialAccount.ofTenant(t.id).stream()
                .map(a -> new TenantView.Account(a.email, a.username, a.name, a.roleKey, a.state.name(),
                        links.forUser(a.username),
                        passwords.get(a.username)))
                .toList();
        return new TenantView(t.id, t.templateKey, t.templateVersion, t.company, t.state.name(), t.failure, t.createdAt,
                t.readyAt,
                t.expiresAt, t.provisioningMillis, t.fromPool, t.ownerEmail, list);
    }
}
