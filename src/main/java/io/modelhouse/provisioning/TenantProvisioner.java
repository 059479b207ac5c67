package io.modelhouse.provisioning;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.ClusterLock;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.identity.AccountStore;
import io.modelhouse.identity.KeycloakDirectory;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.identity.TrialAccounts;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateService;
import io.modelhouse.tenant.ContactPlacement;
import io.modelhouse.tenant.CreateTenantRequest;
import io.modelhouse.tenant.FaultInjection;
import io.modelhouse.tenant.ProvisioningStep;
import io.modelhouse.tenant.QuietTime;
import io.modelhouse.tenant.StepJournal;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantRows;
import io.modelhouse.tenant.TenantService;
import io.modelhouse.tenant.TenantState;
import io.modelhouse.tenant.TenantView;
import io.smallrye.context.api.ManagedExecutorConfig;

/**
 * Where a tenant is built. One step sequence ({@link #build}) serves a prospect's tenant built cold
 * and a warm-pool tenant built ahead of time: record, clone the golden rows, create the Keycloak
 * organization, create the users, finish. A prospect's tenant comes from the pool when the template
 * keeps one (claim with SKIP LOCKED, personalise, hand out the pre-made accounts). Every step is
 * journaled on the tenant row ({@link StepJournal}); a failure undoes what was made, and a crash is
 * undone by the reconciler.
 */
@ApplicationScoped
public class TenantProvisioner {

    private static final Logger LOG = Logger.getLogger(TenantProvisioner.class);

    /** The company name a pooled tenant carries until it is assigned. */
    public static final String PLACEHOLDER = "{{company}}";
    private static final String POOL_ACTOR = "system:pool";

    @Inject
    TemplateService templates;
    @Inject
    TenantService tenants;
    @Inject
    GoldenRowCloner cloner;
    @Inject
    ContactPlacement contacts;
    @Inject
    TenantRows rows;
    @Inject
    StepJournal journal;
    @Inject
    KeycloakDirectory directory;
    @Inject
    TrialAccounts accounts;
    @Inject
    AccountStore accountStore;
    @Inject
    TenantTeardown teardown;
    @Inject
    FaultInjection faults;
    @Inject
    ModelhouseClock clock;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry registry;
    /** For work after the answer: nothing of the request (whose context ends with it) is carried over. */
    @Inject
    @ManagedExecutorConfig(propagated = {}, cleared = ThreadContext.ALL_REMAINING)
    ManagedExecutor afterwards;
    @Inject
    QuietTime quiet;
    @Inject
    ClusterLock locks;

    public record Created(TenantView tenant, boolean replayed) {
    }

    /**
     * A prospect's tenant. With an Idempotency-Key the whole create runs under the key's cluster
     * lock: a second request with the key waits for the first and is then answered with its tenant
     * (a unique index on the key is the last line behind it).
     */
    public Created create(CreateTenantRequest req, String idempotencyKey, String actor) {
        if (idempotencyKey == null) {
            return createNow(req, null, actor);
        }
        return locks.run("idempotency-key:" + idempotencyKey, () -> createNow(req, idempotencyKey, actor));
    }

    private Created createNow(CreateTenantRequest req, String idempotencyKey, String actor) {
        String requestHash = hash(req);
        if (idempotencyKey != null) {
            Optional<Tenant> earlier = tenants.byIdempotencyKey(idempotencyKey);
            if (earlier.isPresent()) {
                if (!requestHash.equals(earlier.get().requestHash)) {
                    throw ApiProblem.conflict("Idempotency-Key '" + idempotencyKey + "' was used for a different request body");
                }
                return new Created(accountStore.view(earlier.get(), Map.of()), true);
            }
            faults.point("create.key-checked");
        }
        TemplateService.Published plan = plan(req.templateKey());
        checkContacts(req, plan);
        long started = System.nanoTime();
        Instant now = clock.now();
        int days = req.trialDays() == null ? plan.trialDays() : req.trialDays();
        String owner = req.ownerEmail() == null ? actor : req.ownerEmail();
        String logo = req.logoUrl() == null || req.logoUrl().isBlank() ? null : req.logoUrl().trim();
        if (plan.template().poolSize > 0) {
            Optional<UUID> claimed = timed("claim", () -> tenants.claimPooled(plan.version().id));
            if (claimed.isPresent()) {
                faults.after(ProvisioningStep.CLAIMED);
                UUID id = claimed.get();
                return new Created(assign(id, plan, newTenant(id, plan, req.company().trim(), now, days, owner, idempotencyKey,
                        requestHash, logo, req.brandColor()), req.contacts(), started, actor), false);
            }
            LOG.infof("Pool of %s is empty: building a tenant cold", plan.template().key);
        }
        UUID id = UUID.randomUUID();
        NewTenantSpec spec = new NewTenantSpec(
                newTenant(id, plan, req.company().trim(), now, days, owner, idempotencyKey, requestHash,
                        logo, req.brandColor()),
                req.contacts(), () -> {
                });
        List<TrialAccounts.Made> made = build(plan, spec, actor);
        return new Created(finish(id, TenantState.READY, made, started, actor), false);
    }

    /** Builds one warm-pool tenant: the whole cold path ahead of time, so that assigning it is a rename. */
    /**
     * @param beforeHeavyStep runs before each costly step (the clone, the password hashes): the refill
     *        waits there while prospects are being served
     */
    public UUID buildPooled(String templateKey, Runnable beforeHeavyStep) {
        TemplateService.Published plan = plan(templateKey);
        UUID id = UUID.randomUUID();
        build(plan,
                new NewTenantSpec(newTenant(id, plan, PLACEHOLDER, clock.now(), plan.trialDays(), null, null, null, null, null),
                        List.of(), beforeHeavyStep),
                POOL_ACTOR);
        finish(id, TenantState.POOLED, List.of(), System.nanoTime(), POOL_ACTOR);
        return id;
    }

    /** What one build makes: the tenant row and the people who get logins (none: pooled placeholders). */
    private record NewTenantSpec(TenantService.NewTenant tenant, List<CreateTenantRequest.Contact> contacts,
            Runnable beforeHeavyStep) {
        boolean pooled() {
            return contacts.isEmpty();
        }
    }

    /** The one step sequence of every build. Returns the accounts made for the contacts (with their passwords). */
    private List<TrialAccounts.Made> build(TemplateService.Published plan, NewTenantSpec spec, String actor) {
        TenantService.NewTenant n = spec.tenant();
        UUID id = n.id();
        String kind = spec.pooled() ? "pool-build." : "cold.";
        timed(kind + "record", () -> journal.step(id, ProvisioningStep.RECORDED, () -> tenants.record(n, actor)));
        try {
            LocalDate today = clock.today(ZoneId.of(n.timeZone()));
            spec.beforeHeavyStep().run();
            List<UUID> memberIds = timed(kind + "clone", () -> journal.step(id, ProvisioningStep.DATA_CLONED, () -> {
                cloner.cloneInto(id, n.templateVersionId(), n.company(), mailDomain(id), today, n.createdAt(), n.timeZone());
                rows.anchorClock(id, today);
                return placeContacts(id, spec.contacts());
            }));
            String orgId = timed(kind + "organization", () -> journal.step(id, ProvisioningStep.ORGANIZATION_CREATED, () -> {
                String org = directory.createOrganization(id.toString(), spec.pooled() ? "待分配样板房" : n.company());
                tenants.setOrganization(id, org);
                return org;
            }));
            if (spec.pooled()) {
                List<TrialAccount> placeholders = timed(kind + "users",
                        () -> accounts.createPooled(id, orgId, n.createdAt(), spec.beforeHeavyStep()));
                journal.step(id, ProvisioningStep.ACCOUNTS_CREATED, () -> accountStore.persistAll(placeholders));
                return List.of();
            }
            List<TrialAccounts.Made> made = timed(kind + "users", () -> accounts.create(id, orgId, spec.contacts(), memberIds,
                    n.expiresAt(), n.createdAt(), TrialAccounts.newUsernameSet()));
            journal.step(id, ProvisioningStep.ACCOUNTS_CREATED,
                    () -> accountStore.persistAll(made.stream().map(TrialAccounts.Made::account).toList()));
            return made;
        } catch (RuntimeException e) {
            throw failed(id, e);
        }
    }

    /** A claimed pool tenant becomes the prospect's: company, dates, contacts, and the pre-made logins renamed. */
    private TenantView assign(UUID id, TemplateService.Published plan, TenantService.NewTenant n,
            List<CreateTenantRequest.Contact> people,
            long started, String actor) {
        try {
            LocalDate today = clock.today(ZoneId.of(n.timeZone()));
            Tenant[] assigned = new Tenant[1];
            List<UUID> memberIds = timed("assign.personalise", () -> journal.step(id, ProvisioningStep.PERSONALISED, () -> {
                Tenant t = tenants.assign(id, n, actor);
                assigned[0] = t;
                rows.applyCompany(id, n.company());
                if (!today.equals(t.clockAnchor)) {
                    // built on another day: every template date is resolved again for today, by the
                    // rule of a fresh clone ("workday 09:30" stays on a workday)
                    cloner.redate(id, plan.version().id, today, n.createdAt(), n.timeZone());
                }
                rows.anchorClock(id, today);
                return placeContacts(id, people);
            }));
            Tenant tenant = assigned[0];
            List<TrialAccount> pooled = accountStore.pooledOf(id);
            int fromPool = Math.min(pooled.size(), people.size());
            Set<String> usernames = TrialAccounts.newUsernameSet();
            List<TrialAccounts.Made> made = timed("assign.users", () -> {
                List<TrialAccounts.Made> all = new ArrayList<>(accounts.assign(id, pooled, people.subList(0, fromPool),
                        memberIds.subList(0, fromPool), n.expiresAt(), n.createdAt(), usernames));
                if (people.size() > fromPool) {
                    all.addAll(accounts.create(id, tenant.keycloakOrgId, people.subList(fromPool, people.size()),
                            memberIds.subList(fromPool, memberIds.size()), n.expiresAt(), n.createdAt().plusMillis(1),
                            usernames));
                }
                return all;
            });
            timed("assign.accounts", () -> journal.step(id, ProvisioningStep.ACCOUNTS_CREATED,
                    () -> accountStore.saveAssigned(made.stream().map(TrialAccounts.Made::account).toList())));
            TenantView view = finish(id, TenantState.READY, made, started, actor);
            // the organization's display name (seen by staff in Keycloak, by nobody who logs in) follows
            // once no prospect is waiting; after a crash it keeps its pool name, which is only cosmetic
            afterwards.runAsync(() -> {
                quiet.await();
                timed("after.organization",
                        () -> directory.renameOrganization(tenant.keycloakOrgId, id.toString(), n.company()));
            }).exceptionally(e -> {
                LOG.warnf(e, "The organization of tenant %s keeps its pool name", id);
                return null;
            });
            return view;
        } catch (RuntimeException e) {
            throw failed(id, e);
        }
    }

    /** The last step: READY with the invitations mailed (or POOLED), committed together. */
    private TenantView finish(UUID id, TenantState state, List<TrialAccounts.Made> made, long started, String actor) {
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        Tenant ready = timed(state == TenantState.POOLED ? "pool-build.finish" : "finish",
                () -> journal.step(id, ProvisioningStep.READY,
                        () -> {
                            Tenant t = tenants.finish(id, state, millis, actor);
                            made.forEach(m -> accountStore.mailInvitation(t, m.account(), m.password()));
                            return t;
                        }));
        if (state == TenantState.POOLED) {
            return null;
        }
        Map<String, String> passwords = new HashMap<>();
        made.forEach(m -> passwords.put(m.account().username, m.password()));
        LOG.infof("Tenant %s (%s, %s v%d) ready in %d ms%s", id, ready.company, ready.templateKey, ready.templateVersion,
                millis,
                ready.fromPool ? " from the pool" : "");
        return accountStore.view(ready, passwords);
    }

    /** Undoes what a failed build made (best effort; the reconciler finishes what this cannot) and marks it FAILED. */
    private RuntimeException failed(UUID id, RuntimeException cause) {
        LOG.errorf(cause, "Provisioning tenant %s failed", id);
        try {
            teardown.removeEverything(id, true);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not undo everything of failed tenant %s; the reconciler will", id);
        }
        tenants.markFailed(id, String.valueOf(cause.getMessage()), null, null);
        if (cause instanceof ApiProblem p) {
            return p;
        }
        return new ApiProblem(502, "Provisioning failed",
                "The model house could not be built: " + cause.getMessage() + ". Nothing was left behind; try again.");
    }

    /** Each phase of a build is timed ({@code modelhouse_provisioning_phase_seconds}): where a slow build spends its time. */
    private <T> T timed(String phase, Supplier<T> work) {
        return registry.timer("modelhouse.provisioning.phase", "phase", phase).record(work);
    }

    private void timed(String phase, Runnable work) {
        registry.timer("modelhouse.provisioning.phase", "phase", phase).record(work);
    }

    private TemplateService.Published plan(String templateKey) {
        return templates.published(templateKey).orElseThrow(() -> ApiProblem.invalid("Unknown template",
                List.of(ApiProblem.FieldError.of("templateKey", "no published template '" + templateKey + "'"))));
    }

    private static TenantService.NewTenant newTenant(UUID id, TemplateService.Published plan, String company, Instant now,
            int days,
            String owner, String idempotencyKey, String requestHash, String logo, String color) {
        return new TenantService.NewTenant(id, plan.version().templateKey, plan.version().version, plan.version().id,
                plan.version().timeZone, plan.seatLimit(), company, now, now.plus(Duration.ofDays(days)), owner, idempotencyKey,
                requestHash, logo, color);
    }

    private List<UUID> placeContacts(UUID id, List<CreateTenantRequest.Contact> people) {
        List<UUID> placed = new ArrayList<>();
        for (var c : people) {
            placed.add(contacts.place(id, c.role(), c.name().trim(), c.email().trim(), c.name().trim()));
        }
        return placed;
    }

    private static void checkContacts(CreateTenantRequest req, TemplateService.Published plan) {
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
            errors.add(ApiProblem.FieldError.of("contacts",
                    "at most " + plan.seatLimit() + " accounts per tenant (the template's seat limit)"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The contacts do not fit the template", errors);
        }
    }

    /** The mail domain of a tenant's generated people: never a real one. */
    public static String mailDomain(UUID id) {
        return "t" + id.toString().substring(0, 8) + ".modelhouse.example";
    }

    private String hash(CreateTenantRequest req) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(req)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
