package io.modelhouse.identity;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.ClusterLock;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateService;
import io.modelhouse.tenant.ContactPlacement;
import io.modelhouse.tenant.CreateTenantRequest;
import io.modelhouse.tenant.FaultInjection;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantService;
import io.modelhouse.tenant.TenantState;

/**
 * A tenant's logins after it is built: invite a colleague (prospects, within the seat limit; staff
 * too), disable, enable and remove, and the whole tenant's logins at once (expiry, extension,
 * teardown). Keycloak is called outside any transaction; what it did is then committed through
 * {@link AccountStore}.
 */
@ApplicationScoped
public class AccountService {

    @Inject
    TrialAccounts accounts;
    @Inject
    AccountStore store;
    @Inject
    ContactPlacement placement;
    @Inject
    KeycloakDirectory directory;
    @Inject
    TenantService tenants;
    @Inject
    TemplateService templates;
    @Inject
    ModelhouseClock clock;
    @Inject
    FaultInjection faults;
    @Inject
    ClusterLock locks;

    public record Invited(TrialAccount account, String password) {
    }

    /**
     * One invitation at a time per tenant, across the cluster: the seat count and the new seat are
     * one decision, so parallel invitations for the last seat give it to one of them (the rest 409).
     */
    public Invited invite(UUID tenantId, CreateTenantRequest.Contact contact, String actor) {
        return locks.run("seats:" + tenantId, () -> inviteNow(tenantId, contact, actor));
    }

    private Invited inviteNow(UUID tenantId, CreateTenantRequest.Contact contact, String actor) {
        Tenant t = tenants.find(tenantId).orElse(null);
        if (t == null || !(t.state == TenantState.READY || t.state == TenantState.ACTIVE || t.state == TenantState.CONVERTED)) {
            throw ApiProblem.notFound("An open tenant " + tenantId);
        }
        TemplateBundle bundle = templates.bundleOf(t.templateVersionId);
        if (bundle.role(contact.role()) == null) {
            throw ApiProblem.invalid("Unknown role", List.of(ApiProblem.FieldError.of("role", "'" + contact.role()
                    + "' is not a role of this model house; use one of "
                    + bundle.meta().roles().stream().map(TemplateBundle.Role::key).sorted().toList())));
        }
        if (store.seatsUsed(tenantId) >= t.seatLimit) {
            throw ApiProblem.conflict("All " + t.seatLimit + " seats of this model house are in use");
        }
        UUID member = placement.placeAlone(tenantId, contact.role(), contact.name().trim(), contact.email().trim());
        var taken = TrialAccounts.newUsernameSet();
        store.allOf(tenantId).forEach(a -> taken.add(a.username));
        // a spare pre-made login of a pool tenant is renamed (its password was hashed when the pool was
        // built); otherwise a new user is made
        List<TrialAccount> spare = store.pooledOf(tenantId);
        var made = spare.isEmpty()
                ? accounts.create(tenantId, t.keycloakOrgId, List.of(contact), List.of(member), t.expiresAt, clock.now(), taken)
                        .get(0)
                : accounts
                        .assign(tenantId, spare.subList(0, 1), List.of(contact), List.of(member), t.expiresAt, clock.now(),
                                taken)
                        .get(0);
        store.invited(t, made.account(), made.password(), actor);
        return new Invited(made.account(), made.password());
    }

    public TrialAccount setEnabled(UUID tenantId, String username, boolean enabled, String actor) {
        TrialAccount a = store.require(tenantId, username);
        directory.setEnabled(a.keycloakUserId, enabled);
        return store.setState(a.id, enabled ? TrialAccount.State.ACTIVE : TrialAccount.State.DISABLED, actor,
                enabled ? "account.enable" : "account.disable");
    }

    public void remove(UUID tenantId, String username, String actor) {
        TrialAccount a = store.require(tenantId, username);
        directory.deleteUser(a.keycloakUserId);
        store.setState(a.id, TrialAccount.State.DELETED, actor, "account.remove");
    }

    /**
     * The tenant's logins close (expiry): every Keycloak user of it is disabled. The accounts keep
     * their own state, so reopening gives back exactly the logins staff left enabled.
     */
    public void closeLogins(UUID tenantId) {
        faults.point("keycloak.logins:" + tenantId);
        for (TrialAccount a : store.ofTenant(tenantId)) {
            directory.setEnabled(a.keycloakUserId, false);
        }
    }

    /** The tenant's logins open again (extension): the accounts that are ACTIVE; a DISABLED one stays off. */
    public void openLogins(UUID tenantId) {
        faults.point("keycloak.logins:" + tenantId);
        for (TrialAccount a : store.ofTenant(tenantId)) {
            directory.setEnabled(a.keycloakUserId, a.state == TrialAccount.State.ACTIVE);
        }
    }

    /** Whether this account's Keycloak user should be enabled now: its own state and its tenant's. */
    public static boolean loginOpen(TrialAccount a, Tenant t, java.time.Instant now) {
        return a.state == TrialAccount.State.ACTIVE
                && (t.state == TenantState.READY || t.state == TenantState.ACTIVE || t.state == TenantState.CONVERTED
                        || t.openHouse(now));
    }
}
