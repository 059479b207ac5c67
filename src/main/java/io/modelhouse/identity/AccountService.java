package io.modelhouse.identity;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.AuditEntry;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.mail.TrialMails;
import io.modelhouse.provisioning.ContactPlacement;
import io.modelhouse.provisioning.TrialAccounts;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateService;
import io.modelhouse.template.TemplateVersion;
import io.modelhouse.tenant.CreateTenantRequest;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantContext;
import io.modelhouse.tenant.TenantState;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A tenant's logins after it is built: invite a colleague (prospects, within the seat limit; staff
 * too), disable, enable and remove. Every invitation is mailed (kept in the outbox locally).
 */
@ApplicationScoped
public class AccountService {

    @Inject
    TrialAccounts accounts;
    @Inject
    ContactPlacement placement;
    @Inject
    KeycloakDirectory directory;
    @Inject
    TenantContext tenantContext;
    @Inject
    TemplateService templates;
    @Inject
    TrialMails mails;
    @Inject
    ModelhouseClock clock;

    public record Invited(TrialAccount account, String password) {
    }

    public Invited invite(UUID tenantId, CreateTenantRequest.Contact contact, String actor) {
        Tenant t = QuarkusTransaction.requiringNew().call(() -> Tenant.<Tenant> findById(tenantId));
        if (t == null || !(t.state == TenantState.READY || t.state == TenantState.ACTIVE || t.state == TenantState.CONVERTED)) {
            throw ApiProblem.notFound("An open tenant " + tenantId);
        }
        TemplateBundle bundle = templates.manifest(QuarkusTransaction.requiringNew().call(() -> TemplateVersion.<TemplateVersion> findById(t.templateVersionId)));
        if (bundle.role(contact.role()) == null) {
            throw ApiProblem.invalid("Unknown role", List.of(ApiProblem.FieldError.of("role", "'" + contact.role()
                    + "' is not a role of this model house; use one of "
                    + bundle.meta().roles().stream().map(TemplateBundle.Role::key).sorted().toList())));
        }
        long used = QuarkusTransaction.requiringNew().call(() -> (long) TrialAccount.ofTenant(tenantId).size());
        if (used >= t.seatLimit) {
            throw ApiProblem.conflict("All " + t.seatLimit + " seats of this model house are in use");
        }
        UUID member = tenantContext.runAs(tenantId, () -> QuarkusTransaction.requiringNew()
                .call(() -> placement.place(tenantId, contact.role(), contact.name().trim(), contact.email().trim(), contact.name().trim())));
        var taken = TrialAccounts.newUsernameSet();
        QuarkusTransaction.requiringNew().run(() -> TrialAccount.allOf(tenantId).forEach(a -> taken.add(a.username)));
        var made = accounts.create(tenantId, t.keycloakOrgId, List.of(contact), List.of(member), t.expiresAt, clock.now(), taken).get(0);
        QuarkusTransaction.requiringNew().run(() -> {
            made.account().persist();
            AuditEntry.record(clock.now(), actor, "account.invite", tenantId, "{\"username\":\"" + made.account().username + "\"}");
            mailInvitation(t, bundle, made.account(), made.password());
        });
        return new Invited(made.account(), made.password());
    }

    /** The invitation for one account: login link, company, role and what to try first. */
    public void mailInvitation(Tenant t, TemplateBundle bundle, TrialAccount a, String password) {
        Locale locale = a.mailLocale();
        TemplateBundle.Role role = bundle.role(a.roleKey);
        String first = bundle.scenarios().scenarios().stream().filter(s -> s.role().equals(a.roleKey)).findFirst()
                .map(s -> s.title().in(locale)).orElse(null);
        mails.invitation(t.id, a.email, locale, new TrialMails.Invitation(a.name, t.company, role == null ? a.roleKey : role.name().in(locale),
                a.username, password, mails.portalUrl() + "?login_hint=" + a.username, first, TrialMails.date(t.expiresAt, t.timeZone, locale)));
    }

    public TrialAccount setEnabled(UUID tenantId, String username, boolean enabled, String actor) {
        TrialAccount a = find(tenantId, username);
        directory.setEnabled(a.keycloakUserId, enabled);
        return QuarkusTransaction.requiringNew().call(() -> {
            TrialAccount x = TrialAccount.findById(a.id);
            x.state = enabled ? TrialAccount.State.ACTIVE : TrialAccount.State.DISABLED;
            AuditEntry.record(clock.now(), actor, enabled ? "account.enable" : "account.disable", tenantId,
                    "{\"username\":\"" + username + "\"}");
            return x;
        });
    }

    public void remove(UUID tenantId, String username, String actor) {
        TrialAccount a = find(tenantId, username);
        directory.deleteUser(a.keycloakUserId);
        QuarkusTransaction.requiringNew().run(() -> {
            TrialAccount x = TrialAccount.findById(a.id);
            x.state = TrialAccount.State.DELETED;
            AuditEntry.record(clock.now(), actor, "account.remove", tenantId, "{\"username\":\"" + username + "\"}");
        });
    }

    private TrialAccount find(UUID tenantId, String username) {
        return QuarkusTransaction.requiringNew().call(() -> TrialAccount.<TrialAccount> find("tenantId = ?1 and username = ?2 and state <> ?3",
                tenantId, username, TrialAccount.State.DELETED).firstResultOptional())
                .orElseThrow(() -> ApiProblem.notFound("Account " + username));
    }
}
