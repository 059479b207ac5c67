package io.modelhouse.provisioning;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.modelhouse.common.AuditEntry;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.identity.KeycloakDirectory;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Repairs what a crash left behind, in one run: builds that stopped half-way are rolled back
 * (nothing of them stays: no rows, no Keycloak organization or users) and marked FAILED with the
 * step they reached; purges that stopped are finished; Keycloak users and organizations that
 * belong to no live tenant are removed. A build is only touched once its last step is older than
 * the lease, so a build still running elsewhere is left alone.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    private static final List<TenantState> LIVE = List.of(TenantState.POOLED, TenantState.PROVISIONING, TenantState.READY,
            TenantState.ACTIVE, TenantState.EXPIRED, TenantState.CONVERTED);

    @Inject
    TenantTeardown teardown;
    @Inject
    TenantPurger purger;
    @Inject
    KeycloakDirectory directory;
    @Inject
    ModelhouseClock clock;
    @Inject
    io.modelhouse.lifecycle.JobLedger ledger;
    @Inject
    io.modelhouse.mail.TrialMails mails;

    @ConfigProperty(name = "modelhouse.reconcile.lease", defaultValue = "PT2M")
    Duration lease;

    public record Report(int rolledBack, int purgesFinished, int orphanUsers, int orphanOrganizations, int usersRestored) {
    }

    @Scheduled(identity = "reconcile", every = "${modelhouse.reconcile.every:60s}", delayed = "${modelhouse.reconcile.delay:20s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(io.quarkus.scheduler.ScheduledExecution execution) {
        ledger.record("reconcile", execution);
        Report r = reconcile();
        if (r.rolledBack() + r.purgesFinished() + r.orphanUsers() + r.orphanOrganizations() > 0) {
            LOG.infof("Reconciler: %s", r);
        }
    }

    @ActivateRequestContext // callable from jobs and plain threads: Hibernate resolves the tenant through it
    public Report reconcile() {
        var cutoff = clock.now().minus(lease);
        List<Tenant> stuck = QuarkusTransaction.requiringNew().call(() -> Tenant.<Tenant> list(
                "state = ?1 and (stepAt is null or stepAt < ?2)", TenantState.PROVISIONING, cutoff));
        int rolledBack = 0;
        for (Tenant t : stuck) {
            if (ProvisioningStep.PURGING.name().equals(t.provisioningStep)) {
                continue;
            }
            teardown.removeEverything(t.id);
            String step = t.provisioningStep;
            QuarkusTransaction.requiringNew().run(() -> {
                Tenant x = Tenant.findById(t.id);
                x.state = TenantState.FAILED;
                x.failure = "interrupted after step " + step + "; rolled back by the reconciler";
                x.idempotencyKey = null;
                AuditEntry.record(clock.now(), "system:reconciler", "tenant.rollback", t.id, "{\"step\":\"" + step + "\"}");
            });
            rolledBack++;
        }
        List<UUID> purging = QuarkusTransaction.requiringNew().call(() -> Tenant.<Tenant> list(
                "provisioningStep = ?1 and state <> ?2 and stepAt < ?3", ProvisioningStep.PURGING.name(), TenantState.PURGED, cutoff)
                .stream().map(t -> t.id).toList());
        purging.forEach(id -> purger.purge(id, "system:reconciler"));

        Set<String> live = new HashSet<>(QuarkusTransaction.requiringNew().call(() -> Tenant.<Tenant> list("state in ?1", LIVE)
                .stream().map(t -> t.id.toString()).toList()));
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
        return new Report(rolledBack, purging.size(), users, orgs, restored);
    }

    /**
     * The other drift: an account of a live tenant whose Keycloak user is gone (deleted by hand, a
     * restored Keycloak backup). The user is made again with a new generated password, sent to the
     * person in a "login restored" invitation, and re-joined to the tenant's organization.
     */
    int restoreMissingUsers(List<KeycloakDirectory.TrialUser> existing) {
        Set<String> present = new HashSet<>();
        existing.forEach(u -> present.add(u.id()));
        List<io.modelhouse.identity.TrialAccount> missing = QuarkusTransaction.requiringNew().call(() -> io.modelhouse.identity.TrialAccount
                .<io.modelhouse.identity.TrialAccount> list("state in ?1 and tenantId in (select t.id from Tenant t where t.state in ?2)",
                        List.of(io.modelhouse.identity.TrialAccount.State.ACTIVE, io.modelhouse.identity.TrialAccount.State.DISABLED),
                        List.of(TenantState.READY, TenantState.ACTIVE, TenantState.EXPIRED, TenantState.CONVERTED))
                .stream().filter(a -> a.keycloakUserId == null || !present.contains(a.keycloakUserId)).toList());
        for (var a : missing) {
            Tenant t = QuarkusTransaction.requiringNew().call(() -> Tenant.<Tenant> findById(a.tenantId));
            String password = io.modelhouse.identity.GeneratedPassword.next();
            io.modelhouse.identity.PersonName name = io.modelhouse.identity.PersonName.of(a.name);
            boolean enabled = a.state == io.modelhouse.identity.TrialAccount.State.ACTIVE && t.state != TenantState.EXPIRED;
            String userId = directory.createUser(new KeycloakDirectory.NewUser(a.username, a.email, name.first(), name.last(), password,
                    enabled, java.util.Map.of(KeycloakDirectory.ATTR_TENANT, List.of(t.id.toString()), KeycloakDirectory.ATTR_ROLE,
                            List.of(a.roleKey), KeycloakDirectory.ATTR_EXPIRES, List.of(t.expiresAt.toString()))));
            if (t.keycloakOrgId != null) {
                directory.addMember(t.keycloakOrgId, userId);
            }
            QuarkusTransaction.requiringNew().run(() -> {
                io.modelhouse.identity.TrialAccount x = io.modelhouse.identity.TrialAccount.findById(a.id);
                x.keycloakUserId = userId;
                AuditEntry.record(clock.now(), "system:reconciler", "account.restore", t.id, "{\"username\":\"" + a.username + "\"}");
                java.util.Locale zh = a.mailLocale();
                mails.invitation(t.id, a.email, zh, new io.modelhouse.mail.TrialMails.Invitation(a.name, t.company, a.roleKey, a.username,
                        password, mails.portalUrl() + "?login_hint=" + a.username, null,
                        io.modelhouse.mail.TrialMails.date(t.expiresAt, t.timeZone, zh)));
            });
        }
        return missing.size();
    }
}
