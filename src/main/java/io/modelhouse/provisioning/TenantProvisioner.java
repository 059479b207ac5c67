package io.modelhouse.provisioning;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.AuditEntry;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.identity.KeycloakDirectory;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.template.Template;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateService;
import io.modelhouse.template.TemplateVersion;
import io.modelhouse.tenant.CreateTenantRequest;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantContext;
import io.modelhouse.tenant.TenantState;
import io.modelhouse.tenant.TenantView;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Where a tenant is provisioned. From the warm pool when the template keeps one (claim with
 * SKIP LOCKED, personalise, hand out the pre-made accounts), else cold: record, clone the golden
 * rows, create the Keycloak organization and users, mark READY. Each step commits and is recorded
 * on the tenant row; a failure undoes what was made, and a crash is undone by the reconciler.
 */
@ApplicationScoped
public class TenantProvisioner {

    private static final Logger LOG = Logger.getLogger(TenantProvisioner.class);

    private static final String CLAIM = """
            UPDATE tenant SET state = 'PROVISIONING', provisioning_step = 'CLAIMED', step_at = :now, version = version + 1
            WHERE id = (SELECT id FROM tenant WHERE template_version_id = :version AND state = 'POOLED'
                        ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id
            """;

    @Inject
    TemplateService templates;
    @Inject
    GoldenRowCloner cloner;
    @Inject
    ContactPlacement contacts;
    @Inject
    KeycloakDirectory directory;
    @Inject
    TrialAccounts accounts;
    @Inject
    TenantRows rows;
    @Inject
    TenantTeardown teardown;
    @Inject
    TenantContext tenantContext;
    @Inject
    ModelhouseClock clock;
    @Inject
    ObjectMapper json;
    @Inject
    EntityManager em;
    @Inject
    FaultInjection faults;
    @Inject
    io.modelhouse.identity.AccountService invitations;

    @ConfigProperty(name = "modelhouse.public-url")
    String publicUrl;

    public record Created(TenantView tenant, boolean replayed) {
    }

    /** Everything a build needs to know about its template, read once. */
    record Plan(Template template, TemplateVersion version, TemplateBundle bundle, int seatLimit, int trialDays) {
    }

    public Created create(CreateTenantRequest req, String idempotencyKey, String actor) {
        String requestHash = hash(req);
        if (idempotencyKey != null) {
            var earlier = QuarkusTransaction.requiringNew().call(() -> Tenant.byIdempotencyKey(idempotencyKey));
            if (earlier.isPresent()) {
                if (!requestHash.equals(earlier.get().requestHash)) {
                    throw ApiProblem.conflict("Idempotency-Key '" + idempotencyKey + "' was used for a different request body");
                }
                return new Created(view(earlier.get(), Map.of()), true);
            }
        }
        Plan plan = plan(req.templateKey());
        checkContacts(req, plan);
        long started = System.nanoTime();
        if (plan.template().poolSize > 0) {
            Optional<UUID> claimed = claim(plan.version().id);
            if (claimed.isPresent()) {
                faults.after(ProvisioningStep.CLAIMED);
                return new Created(assign(claimed.get(), plan, req, idempotencyKey, requestHash, actor, started), false);
            }
            LOG.infof("Pool of %s is empty: building a tenant cold", plan.template().key);
        }
        return new Created(cold(plan, req, idempotencyKey, requestHash, actor, started), false);
    }

    Plan plan(String templateKey) {
        return QuarkusTransaction.requiringNew().call(() -> {
            TemplateVersion version = TemplateVersion.current(templateKey)
                    .orElseThrow(() -> ApiProblem.invalid("Unknown template", List.of(ApiProblem.FieldError.of("templateKey",
                            "no published template '" + templateKey + "'"))));
            Template template = Template.findById(templateKey);
            return new Plan(template, version, templates.manifest(version), template.seatLimitFor(version),
                    template.trialDaysFor(version));
        });
    }

    private TenantView cold(Plan plan, CreateTenantRequest req, String idempotencyKey, String requestHash, String actor, long started) {
        Instant now = clock.now();
        UUID id = UUID.randomUUID();
        int days = req.trialDays() == null ? plan.trialDays() : req.trialDays();
        Tenant tenant = recordTenant(id, plan, req.company().trim(), now, now.plus(Duration.ofDays(days)), idempotencyKey,
                requestHash, req.ownerEmail() == null ? actor : req.ownerEmail(), logo(req), actor);
        rows.step(id, ProvisioningStep.RECORDED);
        try {
            LocalDate today = rows.today(plan.version().timeZone);
            List<UUID> memberIds = tenantContext.runAs(id, () -> QuarkusTransaction.requiringNew().call(() -> {
                cloner.cloneInto(id, plan.version().id, tenant.company, mailDomain(id), today, now, plan.version().timeZone);
                setClockAnchor(id, today);
                return placeContacts(id, req);
            }));
            rows.step(id, ProvisioningStep.DATA_CLONED);
            String orgId = directory.createOrganization(id.toString(), tenant.company);
            QuarkusTransaction.requiringNew().run(() -> Tenant.<Tenant> findById(id).keycloakOrgId = orgId);
            rows.step(id, ProvisioningStep.ORGANIZATION_CREATED);
            List<TrialAccounts.Made> made = accounts.create(id, orgId, req.contacts(), memberIds, tenant.expiresAt, now,
                    TrialAccounts.newUsernameSet());
            QuarkusTransaction.requiringNew().run(() -> made.forEach(m -> m.account().persist()));
            rows.step(id, ProvisioningStep.ACCOUNTS_CREATED);
            return ready(id, plan, made, started, actor);
        } catch (RuntimeException e) {
            throw failed(id, e);
        }
    }

    private TenantView assign(UUID id, Plan plan, CreateTenantRequest req, String idempotencyKey, String requestHash, String actor,
            long started) {
        Instant now = clock.now();
        int days = req.trialDays() == null ? plan.trialDays() : req.trialDays();
        String company = req.company().trim();
        try {
            Tenant tenant = QuarkusTransaction.requiringNew().call(() -> {
                Tenant t = Tenant.findById(id);
                t.company = company;
                t.ownerEmail = req.ownerEmail() == null ? actor : req.ownerEmail();
                t.idempotencyKey = idempotencyKey;
                t.requestHash = requestHash;
                t.createdAt = now;
                t.expiresAt = now.plus(Duration.ofDays(days));
                t.seatLimit = plan.seatLimit();
                t.logoUrl = logo(req);
                t.fromPool = true;
                AuditEntry.record(now, actor, "tenant.create", id, "{\"company\":" + quote(company) + ",\"fromPool\":true}");
                return t;
            });
            LocalDate today = rows.today(plan.version().timeZone);
            int shift = tenant.clockAnchor == null ? 0 : (int) ChronoUnit.DAYS.between(tenant.clockAnchor, today);
            List<UUID> memberIds = tenantContext.runAs(id, () -> QuarkusTransaction.requiringNew().call(() -> {
                rows.applyCompany(id, company);
                rows.shiftSeedDates(id, shift); // a pool tenant built on an earlier day moves to today
                setClockAnchor(id, today);
                return placeContacts(id, req);
            }));
            rows.step(id, ProvisioningStep.PERSONALISED);
            directory.renameOrganization(tenant.keycloakOrgId, id.toString(), company);
            List<TrialAccount> pooled = QuarkusTransaction.requiringNew().call(() -> TrialAccount.pooledOf(id));
            int fromPool = Math.min(pooled.size(), req.contacts().size());
            Set<String> usernames = TrialAccounts.newUsernameSet();
            List<TrialAccounts.Made> made = new ArrayList<>(accounts.assign(id, pooled, req.contacts().subList(0, fromPool),
                    memberIds.subList(0, fromPool), tenant.expiresAt, now, usernames));
            if (req.contacts().size() > fromPool) {
                made.addAll(accounts.create(id, tenant.keycloakOrgId, req.contacts().subList(fromPool, req.contacts().size()),
                        memberIds.subList(fromPool, memberIds.size()), tenant.expiresAt, now.plusMillis(1), usernames));
            }
            List<String> unused = pooled.subList(fromPool, pooled.size()).stream().map(a -> a.keycloakUserId).toList();
            QuarkusTransaction.requiringNew().run(() -> {
                for (TrialAccounts.Made m : made) {
                    TrialAccount existing = TrialAccount.findById(m.account().id);
                    if (existing == null) {
                        m.account().persist();
                    } else {
                        existing.username = m.account().username;
                        existing.email = m.account().email;
                        existing.name = m.account().name;
                        existing.roleKey = m.account().roleKey;
                        existing.memberId = m.account().memberId;
                        existing.state = TrialAccount.State.ACTIVE;
                        existing.createdAt = m.account().createdAt;
                        existing.sealedPassword = null;
                        existing.locale = m.account().locale;
                    }
                }
            });
            rows.step(id, ProvisioningStep.ACCOUNTS_CREATED);
            // placeholders nobody needed: no login should exist that no person holds
            for (String u : unused) {
                directory.deleteUser(u);
            }
            QuarkusTransaction.requiringNew().run(() -> TrialAccount.pooledOf(id).forEach(a -> {
                a.state = TrialAccount.State.DELETED;
                a.sealedPassword = null;
            }));
            return ready(id, plan, made, started, actor);
        } catch (RuntimeException e) {
            throw failed(id, e);
        }
    }

    Optional<UUID> claim(long versionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object> ids = em.createNativeQuery(CLAIM).setParameter("version", versionId).setParameter("now", clock.now())
                    .getResultList();
            return ids.isEmpty() ? Optional.<UUID> empty() : Optional.of((UUID) ids.get(0));
        });
    }

    Tenant recordTenant(UUID id, Plan plan, String company, Instant now, Instant expiresAt, String idempotencyKey, String requestHash,
            String owner, String logoUrl, String actor) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Tenant t = new Tenant();
            t.id = id;
            t.templateKey = plan.version().templateKey;
            t.templateVersion = plan.version().version;
            t.templateVersionId = plan.version().id;
            t.company = company;
            t.state = TenantState.PROVISIONING;
            t.ownerEmail = owner;
            t.idempotencyKey = idempotencyKey;
            t.requestHash = requestHash;
            t.timeZone = plan.version().timeZone;
            t.seatLimit = plan.seatLimit();
            t.createdAt = now;
            t.expiresAt = expiresAt;
            t.logoUrl = logoUrl;
            t.provisioningStep = ProvisioningStep.RECORDED.name();
            t.stepAt = now;
            t.persist();
            AuditEntry.record(now, actor, "tenant.create", id, "{\"company\":" + quote(company) + "}");
            return t;
        });
    }

    void setClockAnchor(UUID id, LocalDate today) {
        em.createNativeQuery("UPDATE tenant SET clock_anchor = :d WHERE id = :id").setParameter("d", today).setParameter("id", id)
                .executeUpdate();
    }

    private List<UUID> placeContacts(UUID id, CreateTenantRequest req) {
        List<UUID> placed = new ArrayList<>();
        for (var c : req.contacts()) {
            placed.add(contacts.place(id, c.role(), c.name().trim(), c.email().trim(), c.name().trim()));
        }
        return placed;
    }

    private TenantView ready(UUID id, Plan plan, List<TrialAccounts.Made> made, long started, String actor) {
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        Tenant ready = QuarkusTransaction.requiringNew().call(() -> {
            Tenant t = Tenant.findById(id);
            t.state = TenantState.READY;
            t.readyAt = clock.now();
            t.provisioningMillis = millis;
            t.provisioningStep = ProvisioningStep.READY.name();
            t.stepAt = t.readyAt;
            AuditEntry.record(t.readyAt, actor, "tenant.ready", id, "{\"millis\":" + millis + ",\"fromPool\":" + t.fromPool + "}");
            for (TrialAccounts.Made m : made) {
                invitations.mailInvitation(t, plan.bundle(), m.account(), m.password());
            }
            return t;
        });
        Map<String, String> passwords = new HashMap<>();
        made.forEach(m -> passwords.put(m.account().username, m.password()));
        LOG.infof("Tenant %s (%s, %s v%d) ready in %d ms%s", id, ready.company, ready.templateKey, ready.templateVersion, millis,
                ready.fromPool ? " from the pool" : "");
        return view(ready, passwords);
    }

    /** Undoes what a failed build made (best effort; the reconciler finishes what this cannot) and marks it FAILED. */
    RuntimeException failed(UUID id, RuntimeException cause) {
        LOG.errorf(cause, "Provisioning tenant %s failed", id);
        try {
            teardown.removeEverything(id);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not undo everything of failed tenant %s; the reconciler will", id);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Tenant t = Tenant.findById(id);
            t.state = TenantState.FAILED;
            t.failure = String.valueOf(cause.getMessage());
            t.idempotencyKey = null; // a retry with the same key may try again
        });
        if (cause instanceof ApiProblem p) {
            return p;
        }
        return new ApiProblem(502, "Provisioning failed",
                "The model house could not be built: " + cause.getMessage() + ". Nothing was left behind; try again.");
    }

    private static void checkContacts(CreateTenantRequest req, Plan plan) {
        Set<String> roles = plan.bundle().meta().roles().stream().map(TemplateBundle.Role::key).collect(Collectors.toSet());
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < req.contacts().size(); i++) {
            String role = req.contacts().get(i).role();
            if (!roles.contains(role)) {
                errors.add(ApiProblem.FieldError.of("contacts[" + i + "].role", "'" + role + "' is not a role of template "
                        + req.templateKey() + "; use one of " + roles.stream().sorted().toList()));
            }
        }
        if (req.contacts().size() > plan.seatLimit()) {
            errors.add(ApiProblem.FieldError.of("contacts", "at most " + plan.seatLimit() + " accounts per tenant (the template's seat limit)"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The contacts do not fit the template", errors);
        }
    }

    static String mailDomain(UUID id) {
        return "t" + id.toString().substring(0, 8) + ".modelhouse.example";
    }

    private static String logo(CreateTenantRequest req) {
        return req.logoUrl() == null || req.logoUrl().isBlank() ? null : req.logoUrl().trim();
    }

    public TenantView view(Tenant t, Map<String, String> passwords) {
        List<TenantView.Account> list = QuarkusTransaction.joiningExisting().call(() -> TrialAccount.ofTenant(t.id)).stream()
                .map(a -> new TenantView.Account(a.email, a.username, a.name, a.roleKey, a.state.name(), loginUrl(a.username),
                        passwords.get(a.username)))
                .toList();
        return new TenantView(t.id, t.templateKey, t.templateVersion, t.company, t.state.name(), t.failure, t.createdAt,
                t.readyAt, t.expiresAt, t.provisioningMillis, t.fromPool, t.ownerEmail, list);
    }

    private String loginUrl(String username) {
        return publicUrl + "/portal?login_hint=" + java.net.URLEncoder.encode(username, StandardCharsets.UTF_8);
    }

    private String hash(CreateTenantRequest req) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(req)));
        } catch (JsonProcessingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
