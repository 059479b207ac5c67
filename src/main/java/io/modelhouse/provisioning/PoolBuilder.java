package io.modelhouse.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.identity.KeycloakDirectory;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantContext;
import io.modelhouse.tenant.TenantState;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Builds one warm-pool tenant: the whole cold path done ahead of time (rows cloned with a company
 * placeholder, Keycloak organization, disabled placeholder users with sealed passwords), so that
 * assigning it is a rename.
 */
@ApplicationScoped
public class PoolBuilder {

    static final String PLACEHOLDER = "{{company}}";

    @Inject
    TenantProvisioner provisioner;
    @Inject
    GoldenRowCloner cloner;
    @Inject
    KeycloakDirectory directory;
    @Inject
    TrialAccounts accounts;
    @Inject
    TenantRows rows;
    @Inject
    TenantContext tenantContext;
    @Inject
    ModelhouseClock clock;

    public UUID buildOne(String templateKey) {
        TenantProvisioner.Plan plan = provisioner.plan(templateKey);
        Instant now = clock.now();
        UUID id = UUID.randomUUID();
        provisioner.recordTenant(id, plan, PLACEHOLDER, now, now.plus(Duration.ofDays(plan.trialDays())), null, null, null, null,
                "system:pool");
        rows.step(id, ProvisioningStep.RECORDED);
        try {
            LocalDate today = rows.today(plan.version().timeZone);
            tenantContext.runAs(id, () -> QuarkusTransaction.requiringNew().run(() -> {
                cloner.cloneInto(id, plan.version().id, PLACEHOLDER, TenantProvisioner.mailDomain(id), today, now,
                        plan.version().timeZone);
                provisioner.setClockAnchor(id, today);
            }));
            rows.step(id, ProvisioningStep.DATA_CLONED);
            String orgId = directory.createOrganization(id.toString(), "待分配样板房");
            QuarkusTransaction.requiringNew().run(() -> Tenant.<Tenant> findById(id).keycloakOrgId = orgId);
            rows.step(id, ProvisioningStep.ORGANIZATION_CREATED);
            var pooled = accounts.createPooled(id, orgId, now);
            QuarkusTransaction.requiringNew().run(() -> pooled.forEach(a -> a.persist()));
            rows.step(id, ProvisioningStep.ACCOUNTS_CREATED);
            QuarkusTransaction.requiringNew().run(() -> {
                Tenant t = Tenant.findById(id);
                t.state = TenantState.POOLED;
                t.readyAt = clock.now();
                t.provisioningStep = ProvisioningStep.READY.name();
                t.stepAt = t.readyAt;
            });
            return id;
        } catch (RuntimeException e) {
            throw provisioner.failed(id, e);
        }
    }

    /** Pooled tenants that should not be handed out any more: of a version that is no longer current, or built before today. */
    public List<UUID> stale(String templateKey, long currentVersionId, LocalDate today) {
        return QuarkusTransaction.requiringNew().call(() -> Tenant.<Tenant> list(
                "templateKey = ?1 and state = ?2 and (templateVersionId <> ?3 or clockAnchor < ?4)", templateKey, TenantState.POOLED,
                currentVersionId, today).stream().map(t -> t.id).toList());
    }
}
