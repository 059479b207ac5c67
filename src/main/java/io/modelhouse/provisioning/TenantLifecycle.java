package io.modelhouse.provisioning;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.AuditEntry;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.identity.KeycloakDirectory;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantContext;
import io.modelhouse.tenant.TenantState;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * What pre-sales do to a model house after it exists: reset it (pristine or refresh), extend,
 * expire, and slide its data clock. Accounts are kept by every one of them.
 */
@ApplicationScoped
public class TenantLifecycle {

    public enum ResetMode {
        /** Everything back to the template version, re-dated to today; contacts placed again. */
        PRISTINE,
        /** The template's rows restored and re-dated; what the prospect made is kept. */
        REFRESH
    }

    @Inject
    GoldenRowCloner cloner;
    @Inject
    ContactPlacement contacts;
    @Inject
    TenantRows rows;
    @Inject
    TenantContext tenantContext;
    @Inject
    KeycloakDirectory directory;
    @Inject
    ModelhouseClock clock;
    @Inject
    EntityManager em;

    public Tenant reset(UUID id, ResetMode mode, String actor) {
        Tenant t = openTenant(id);
        LocalDate today = rows.today(t.timeZone);
        var now = clock.now();
        List<TrialAccount> people = QuarkusTransaction.requiringNew().call(() -> TrialAccount.ofTenant(id));
        tenantContext.runAs(id, () -> QuarkusTransaction.requiringNew().run(() -> {
            if (mode == ResetMode.PRISTINE) {
                rows.deleteDataInTransaction(id);
            } else {
                // seed rows go and come back re-dated; a contact's seat is 'prospect' and stays, and the
                // clone skips ids that still exist, so nothing of the prospect's is lost or doubled
                rows.deleteSeedDataInTransaction(id);
            }
            cloner.cloneInto(id, t.templateVersionId, t.company, TenantProvisioner.mailDomain(id), today, now, t.timeZone,
                    mode == ResetMode.REFRESH);
            em.createNativeQuery("UPDATE tenant SET clock_anchor = :d WHERE id = :id").setParameter("d", today).setParameter("id", id)
                    .executeUpdate();
            if (mode == ResetMode.PRISTINE) {
                for (TrialAccount a : people) {
                    UUID member = contacts.place(id, a.roleKey, a.name, a.email, a.name);
                    em.createNativeQuery("UPDATE trial_account SET member_id = :m WHERE id = :a").setParameter("m", member)
                            .setParameter("a", a.id).executeUpdate();
                }
            }
        }));
        return QuarkusTransaction.requiringNew().call(() -> {
            AuditEntry.record(clock.now(), actor, "tenant.reset", id, "{\"mode\":\"" + mode.name().toLowerCase() + "\"}");
            return Tenant.<Tenant> findById(id);
        });
    }

    public Tenant extend(UUID id, int days, String actor) {
        if (days < 1 || days > 180) {
            throw ApiProblem.invalid("Invalid extension", List.of(ApiProblem.FieldError.of("days", "days must be 1..180")));
        }
        Tenant t = QuarkusTransaction.requiringNew().call(() -> {
            Tenant x = Tenant.findById(id);
            if (x == null || x.state == TenantState.PURGED || x.state == TenantState.FAILED || x.state == TenantState.POOLED) {
                throw ApiProblem.notFound("Tenant " + id);
            }
            var base = x.expiresAt.isAfter(clock.now()) ? x.expiresAt : clock.now();
            x.expiresAt = base.plus(Duration.ofDays(days));
            if (x.state == TenantState.EXPIRED) {
                x.state = x.activatedAt == null ? TenantState.READY : TenantState.ACTIVE;
            }
            AuditEntry.record(clock.now(), actor, "tenant.extend", id, "{\"days\":" + days + "}");
            return x;
        });
        setAccountsEnabled(id, true);
        return t;
    }

    public Tenant expire(UUID id, String actor) {
        Tenant t = QuarkusTransaction.requiringNew().call(() -> {
            Tenant x = Tenant.findById(id);
            if (x == null || x.state == TenantState.PURGED || x.state == TenantState.FAILED || x.state == TenantState.POOLED) {
                throw ApiProblem.notFound("Tenant " + id);
            }
            if (x.state != TenantState.EXPIRED) {
                x.state = TenantState.EXPIRED;
                if (x.expiresAt.isAfter(clock.now())) {
                    x.expiresAt = clock.now();
                }
                AuditEntry.record(clock.now(), actor, "tenant.expire", id, "{}");
            }
            return x;
        });
        setAccountsEnabled(id, false);
        return t;
    }

    /**
     * The nightly data-clock slide: a tenant whose dates were anchored a week or more ago moves its
     * template rows forward in whole weeks, so "today" stays today and weekdays stay weekdays.
     * @return how many tenants moved
     */
    @ActivateRequestContext // callable from jobs and plain threads: Hibernate resolves the tenant through it
    public int slideDataClocks() {
        List<Tenant> due = QuarkusTransaction.requiringNew().call(() -> Tenant.<Tenant> list("state in ?1 and clockAnchor is not null",
                List.of(TenantState.READY, TenantState.ACTIVE, TenantState.POOLED)));
        int moved = 0;
        for (Tenant t : due) {
            LocalDate today = rows.today(t.timeZone);
            long weeks = java.time.temporal.ChronoUnit.DAYS.between(t.clockAnchor, today) / 7;
            if (weeks <= 0) {
                continue;
            }
            tenantContext.runAs(t.id, () -> QuarkusTransaction.requiringNew().run(() -> {
                rows.shiftSeedDates(t.id, (int) (weeks * 7));
                em.createNativeQuery("UPDATE tenant SET clock_anchor = clock_anchor + :d WHERE id = :id")
                        .setParameter("d", (int) (weeks * 7)).setParameter("id", t.id).executeUpdate();
            }));
            moved++;
        }
        return moved;
    }

    private Tenant openTenant(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Tenant t = Tenant.findById(id);
            if (t == null || t.state == TenantState.PURGED || t.state == TenantState.FAILED || t.state == TenantState.POOLED
                    || t.state == TenantState.PROVISIONING) {
                throw ApiProblem.notFound("Tenant " + id);
            }
            return t;
        });
    }

    private void setAccountsEnabled(UUID id, boolean enabled) {
        List<TrialAccount> accounts = QuarkusTransaction.requiringNew().call(() -> TrialAccount.ofTenant(id));
        for (TrialAccount a : accounts) {
            directory.setEnabled(a.keycloakUserId, enabled);
        }
        QuarkusTransaction.requiringNew().run(() -> TrialAccount.ofTenant(id).forEach(a -> a.state = enabled
                ? TrialAccount.State.ACTIVE : TrialAccount.State.DISABLED));
    }
}
