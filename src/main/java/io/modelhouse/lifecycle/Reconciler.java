package io.modelhouse.lifecycle;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.modelhouse.common.ClusterLock;
import io.modelhouse.common.JobLedger;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.ModelhouseConfig;
import io.modelhouse.identity.AccountService;
import io.modelhouse.identity.AccountStore;
import io.modelhouse.identity.GeneratedPassword;
import io.modelhouse.identity.KeycloakDirectory;
import io.modelhouse.identity.PersonName;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.provisioning.TenantTeardown;
import io.modelhouse.tenant.FaultInjection;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantService;
import io.modelhouse.tenant.TenantState;
import io.quarkus.quartz.Nonconcurrent;
import io.quarkus.scheduler.Scheduled;

/**
 * Repairs what a crash left behind: builds that stopped half-way are rolled back
 * (nothing of them stays: no rows, no Keycloak organization or users) and marked FAILED with the
 * step they reached; purges that stopped are finished; Keycloak users and organizations that
 * belong to no live tenant are removed; accounts whose Keycloak user vanished get it back. A build
 * is only touched once its last step is older than the lease, so a build still running elsewhere
 * is left alone. Two jobs: stopped builds and purges every minute, Keycloak's drift every 15
 * minutes (it lists the whole realm); operators run both at once.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    private static final String ACTOR = "system:reconciler";
    /** Tenant states whose accounts should have a Keycloak user. */
    private static final List<TenantState> EXPECTING = List.of(TenantState.READY, TenantState.ACTIVE, TenantState.EXPIRED,
            TenantState.CONVERTED);

    @Inject
    TenantService tenants;
    @Inject
    TenantTeardown teardown;
    @Inject
    TenantPurger purger;
    @Inject
    KeycloakDirectory directory;
    @Inject
    AccountStore accounts;
    @Inject
    ModelhouseClock clock;
    @Inject
    ModelhouseConfig config;
    @Inject
    FaultInjection faults;
    @Inject
    ClusterLock locks;

    public record Report(int rolledBack, int purgesFinished, int orphanUsers, int orphanOrganizations, int usersRestored,
            int loginsCorrected) {

        Report plus(Report o) {
            return new Report(rolledBack + o.rolledBack, purgesFinished + o.purgesFinished, orphanUsers + o.orphanUsers,
                    orphanOrganizations + o.orphanOrganizations, usersRestored + o.usersRestored,
                    loginsCorrected + o.loginsCorrected);
        }

        boolean any() {
            return rolledBack + purgesFinished + orphanUsers + orphanOrganizations + usersRestored + loginsCorrected > 0;
        }
    }

    /** Stopped builds and purges: read from our own tables, cheap at any fleet size, so every minute. */
    @Nonconcurrent
    @Scheduled(identity = "reconcile", skipExecutionIf = JobLedger.class, every = "${modelhouse.reconcile.every:60s}", delayed = "${modelhouse.reconcile.delay:20s}")
    void scheduled() {
        log(locks.run("job:reconcile", this::buildsNow));
    }

    /**
     * Keycloak against our accounts: it lists every user and organization of the realm, which the
     * sizing benchmark timed at 50.89 s for 20,064 users (394 users/s). Every minute, that would fill
     * the job's period at about 7,900 model houses of 3 people; every 15 minutes it lasts to about
     * 118,000 model houses, about 80,000 live trials (src/site/markdown/scale-out.md, "What breaks first").
     * It takes the builds job's lock: a rollback's teardown and the sweep never delete the same user
     * at once, and the builds job waits out a long sweep rather than run beside it.
     */
    @Nonconcurrent
    @Scheduled(identity = "reconcile-identities", skipExecutionIf = JobLedger.class, every = "${modelhouse.reconcile.identities-every:15m}", delayed = "${modelhouse.reconcile.delay:20s}")
    void scheduledIdentities() {
        log(locks.run("job:reconcile", this::identitiesNow));
    }

    private static void log(Report r) {
        if (r.any()) {
            LOG.infof("Reconciler: %s", r);
        }
    }

    /** Both parts at once, for operators (/api/ops/reconcile); one run at a time across the cluster. */
    @ActivateRequestContext // callable from jobs and plain threads: Hibernate resolves the tenant through it
    public Report reconcile() {
        return locks.run("job:reconcile", () -> buildsNow().plus(identitiesNow()));
    }

    private Report buildsNow() {
        var cutoff = clock.now().minus(config.reconcile().lease());
        int rolledBack = 0;
        for (Tenant t : tenants.stoppedBuilds(cutoff)) {
            if (tenants.takeOverStoppedBuild(t.id, cutoff, "rolled back by the reconciler", ACTOR)) {
                rolledBack++;
            }
        }
        // The teardown of every taken-over build, including one an earlier run could not finish:
        // the cluster benchmark killed a Keycloak node while a teardown called it, and the FAILED
        // tenant kept its rows for good. One that fails now is tried again on the next run, and
        // does not stop this one.
        for (UUID id : tenants.unfinishedRollbacks()) {
            try {
                teardown.removeEverything(id, true);
                tenants.rollbackFinished(id);
            } catch (RuntimeException e) {
                LOG.warnf("Rollback of tenant %s not finished (%s); the next run tries again", id, e.getMessage());
            }
        }
        int purgesFinished = 0;
        for (UUID id : tenants.stoppedPurges(cutoff)) {
            purgesFinished += purger.finishStopped(id, ACTOR) ? 1 : 0;
        }
        return new Report(rolledBack, purgesFinished, 0, 0, 0, 0);
    }

    /*
     * The order of the listings is what keeps builds in flight safe: accounts are listed before
     * Keycloak users (an account row is committed only after its user exists, so every listed
     * account's user is in the later user list unless it is really gone), and Keycloak is listed
     * before the live tenants (a tenant is recorded before its users are made, so every listed
     * user's tenant is in the later tenant list unless it is really dead).
     */
    private Report identitiesNow() {
        List<TrialAccount> expecting = accounts.expectingUsers(EXPECTING);
        List<KeycloakDirectory.TrialUser> users = directory.trialUsers();
        Map<String, String> organizations = directory.tenantOrganizations();
        faults.point("reconcile.listed");
        Set<String> live = new HashSet<>();
        tenants.inStates(TenantService.LIVE).forEach(t -> live.add(t.id.toString()));

        int orphanUsers = 0;
        for (var u : users) {
            if (!live.contains(u.tenantId())) {
                directory.deleteUser(u.id());
                orphanUsers++;
            }
        }
        int orphanOrgs = 0;
        for (var e : organizations.entrySet()) {
            if (!live.contains(e.getKey())) {
                directory.deleteOrganization(e.getValue());
                orphanOrgs++;
            }
        }
        Map<String, KeycloakDirectory.TrialUser> byId = new HashMap<>();
        users.forEach(u -> byId.put(u.id(), u));
        int restored = restoreMissingUsers(expecting, byId.keySet());
        int corrected = correctLogins(expecting, byId);
        return new Report(0, 0, orphanUsers, orphanOrgs, restored, corrected);
    }

    /**
     * Logins that do not match their account and tenant (an expiry or extension whose Keycloak call
     * failed, a user switched by hand) are switched to what they should be. Each candidate is read
     * again first: an extension that landed during this run is not undone.
     */
    int correctLogins(List<TrialAccount> expecting, Map<String, KeycloakDirectory.TrialUser> users) {
        int corrected = 0;
        for (TrialAccount listed : expecting) {
            var user = listed.keycloakUserId == null ? null : users.get(listed.keycloakUserId);
            if (user == null) {
                continue;
            }
            Tenant t = tenants.find(listed.tenantId).orElse(null);
            TrialAccount a = accounts.find(listed.id).orElse(null);
            if (t == null || a == null || !EXPECTING.contains(t.state) || a.keycloakUserId == null) {
                continue;
            }
            boolean open = AccountService.loginOpen(a, t, clock.now());
            if (user.enabled() != open) {
                directory.setEnabled(a.keycloakUserId, open);
                corrected++;
            }
        }
        return corrected;
    }

    /**
     * The other drift: an account of a live tenant whose Keycloak user is gone (deleted by hand, a
     * restored Keycloak backup). The user is made again with a new generated password, sent to the
     * person in an invitation, and re-joined to the tenant's organization.
     */
    int restoreMissingUsers(List<TrialAccount> expecting, Set<String> present) {
        List<TrialAccount> missing = expecting.stream()
                .filter(a -> a.keycloakUserId == null || !present.contains(a.keycloakUserId)).toList();
        int restored = 0;
        for (TrialAccount listed : missing) {
            Tenant t = tenants.require(listed.tenantId);
            TrialAccount a = accounts.find(listed.id).orElse(null);
            if (!EXPECTING.contains(t.state) || a == null
                    || !(a.state == TrialAccount.State.ACTIVE || a.state == TrialAccount.State.DISABLED)) {
                continue; // purged or removed since the list was made
            }
            String password = GeneratedPassword.next();
            PersonName name = PersonName.of(a.name);
            boolean enabled = AccountService.loginOpen(a, t, clock.now());
            String userId = directory.createUser(new KeycloakDirectory.NewUser(a.username, a.email, name.first(), name.last(),
                    password,
                    enabled, Map.of(KeycloakDirectory.ATTR_TENANT, List.of(t.id.toString()), KeycloakDirectory.ATTR_ROLE,
                            List.of(a.roleKey), KeycloakDirectory.ATTR_EXPIRES, List.of(t.expiresAt.toString()))));
            if (t.keycloakOrgId != null) {
                directory.addMember(t.keycloakOrgId, userId);
            }
            accounts.restored(t, a.id, userId, password);
            restored++;
        }
        return restored;
    }
}
