package io.modelhouse.lifecycle;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.ModelhouseConfig;
import io.modelhouse.identity.AccountStore;
import io.modelhouse.identity.GeneratedPassword;
import io.modelhouse.identity.KeycloakDirectory;
import io.modelhouse.identity.PersonName;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.provisioning.TenantTeardown;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantService;
import io.modelhouse.tenant.TenantState;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Repairs what a crash left behind, in one run: builds that stopped half-way are rolled back
 * (nothing of them stays: no rows, no Keycloak organization or users) and marked FAILED with the
 * step they reached; purges that stopped are finished; Keycloak users and organizations that
 * belong to no live tenant are removed; accounts whose Keycloak user vanished get it back. A build
 * is only touched once its last step is older than the lease, so a build still running elsewhere
 * is left alone.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    private static final String ACTOR = "system:reconciler";

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
    JobLedger ledger;

    public record Report(int rolledBack, int purgesFinished, int orphanUsers, int orphanOrganizations, int usersRestored) {
    }

    @Scheduled(identity = "reconcile", every = "${modelhouse.reconcile.every:60s}", delayed = "${modelhouse.reconcile.delay:20s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        ledger.record("reconcile", execution);
        Report r = reconcile();
        if (r.rolledBack() + r.purgesFinished() + r.orphanUsers() + r.orphanOrganizations() > 0) {
            LOG.infof("Reconciler: %s", r);
        }
    }

    @ActivateRequestContext // callable from jobs and plain threads: Hibernate resolves the tenant through it
    public Report reconcile() {
        var cutoff = clock.now().minus(config.reconcile().lease());
        List<Tenant> stopped = tenants.stoppedBuilds(cutoff);
        for (Tenant t : stopped) {
            teardown.removeEverything(t.id, true);
            tenants.markFailed(t.id, "interrupted after step " + t.provisioningStep + "; rolled back by the reconciler", ACTOR,
                    Map.of("step", String.valueOf(t.provisioningStep)));
        }
        List<UUID> purging = tenants.stoppedPurges(cutoff);
        purging.forEach(id -> purger.purge(id, ACTOR));

        Set<String> live = new HashSet<>();
        tenants.inStates(TenantService.LIVE).forEach(t -> live.add(t.id.toString()));
        int users = 0;
        for (var u : directory.trialUsers()) {
            if (!live.contains(u.tenantId())) {
                directory.deleteUser(u.id());
                users++;
            }
        }
        int orgs = 0;
        for (var e : directory.tenantOrganizations().entrySet()) {
            if (!live.contains(e.getKey())) {
                directory.deleteOrganization(e.getValue());
                orgs++;
            }
        }
        int restored = restoreMissingUsers(directory.trialUsers());
        return new Report(stopped.size(), purging.size(), users, orgs, restored);
    }

    /**
     * The other drift: an account of a live tenant whose Keycloak user is gone (deleted by hand, a
     * restored Keycloak backup). The user is made again with a new generated password, sent to the
     * person in an invitation, and re-joined to the tenant's organization.
     */
    int restoreMissingUsers(List<KeycloakDirectory.TrialUser> existing) {
        Set<String> present = new HashSet<>();
        existing.forEach(u -> present.add(u.id()));
        List<TrialAccount> missing = accounts.expectingUsers(
                List.of(TenantState.READY, TenantState.ACTIVE, TenantState.EXPIRED, TenantState.CONVERTED)).stream()
                .filter(a -> a.keycloakUserId == null || !present.contains(a.keycloakUserId)).toList();
        for (TrialAccount a : missing) {
            Tenant t = tenants.require(a.tenantId);
            String password = GeneratedPassword.next();
            PersonName name = PersonName.of(a.name);
            boolean enabled = a.state == TrialAccount.State.ACTIVE && t.state != TenantState.EXPIRED;
            String userId = directory.createUser(new KeycloakDirectory.NewUser(a.username, a.email, name.first(), name.last(),
                    password,
                    enabled, Map.of(KeycloakDirectory.ATTR_TENANT, List.of(t.id.toString()), KeycloakDirectory.ATTR_ROLE,
                            List.of(a.roleKey), KeycloakDirectory.ATTR_EXPIRES, List.of(t.expiresAt.toString()))));
            if (t.keycloakOrgId != null) {
                directory.addMember(t.keycloakOrgId, userId);
            }
            accounts.restored(t, a.id, userId, password);
        }
        return missing.size();
    }
}
