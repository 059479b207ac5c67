package io.modelhouse.provisioning;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.AuditEntry;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.identity.GeneratedPassword;
import io.modelhouse.identity.KeycloakDirectory;
import io.modelhouse.identity.PersonName;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.template.Template;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateCatalog;
import io.modelhouse.template.TemplateVersion;
import io.modelhouse.tenant.CreateTenantRequest;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantContext;
import io.modelhouse.tenant.TenantState;
import io.modelhouse.tenant.TenantView;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Where a tenant is provisioned (cold path): record the tenant, clone the golden rows, place the
 * contacts, create the Keycloak organization and users, then mark it READY. Each step commits on
 * its own, so the tenant row always says how far it got; a failure undoes what was made and
 * leaves the tenant FAILED with its cause.
 */
@ApplicationScoped
public class TenantProvisioner {

    private static final Logger LOG = Logger.getLogger(TenantProvisioner.class);

    @Inject
    TemplateCatalog catalog;
    @Inject
    GoldenRowCloner cloner;
    @Inject
    ContactPlacement contacts;
    @Inject
    KeycloakDirectory directory;
    @Inject
    TenantContext tenantContext;
    @Inject
    ModelhouseClock clock;
    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "modelhouse.public-url")
    String publicUrl;

    public record Created(TenantView tenant, boolean replayed) {
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
        TemplateVersion version = QuarkusTransaction.requiringNew().call(() -> TemplateVersion.current(req.templateKey()))
                .orElseThrow(() -> ApiProblem.invalid("Unknown template",
                        List.of(ApiProblem.FieldError.of("templateKey", "no published template '" + req.templateKey() + "'"))));
        TemplateBundle bundle = catalog.manifest(version);
        Template template = QuarkusTransaction.requiringNew().call(() -> Template.<Template> findById(req.templateKey()));
        int seatLimit = template.seatLimitFor(version);
        checkRoles(req, bundle, seatLimit);

        long started = System.nanoTime();
        Instant now = clock.now();
        UUID id = UUID.randomUUID();
        Tenant tenant = QuarkusTransaction.requiringNew().call(() -> {
            Tenant t = new Tenant();
            t.id = id;
            t.templateKey = version.templateKey;
            t.templateVersion = version.version;
            t.templateVersionId = version.id;
            t.company = req.company().trim();
            t.state = TenantState.PROVISIONING;
            t.ownerEmail = req.ownerEmail() == null ? actor : req.ownerEmail();
            t.idempotencyKey = idempotencyKey;
            t.requestHash = requestHash;
            t.timeZone = version.timeZone;
            t.seatLimit = seatLimit;
            t.createdAt = now;
            int days = req.trialDays() == null ? template.trialDaysFor(version) : req.trialDays();
            t.expiresAt = now.plus(Duration.ofDays(days));
            t.persist();
            AuditEntry.record(now, actor, "tenant.create", id, "{\"company\":" + quote(t.company) + "}");
            return t;
        });

        List<String> createdUsers = new ArrayList<>();
        String orgId = null;
        try {
            ZoneId zone = ZoneId.of(version.timeZone);
            String mailDomain = "t" + id.toString().substring(0, 8) + ".modelhouse.example";
            List<UUID> memberIds = tenantContext.runAs(id, () -> QuarkusTransaction.requiringNew().call(() -> {
                cloner.cloneInto(id, version.id, tenant.company, mailDomain, clock.today(zone), now, version.timeZone);
                List<UUID> placed = new ArrayList<>();
                for (var c : req.contacts()) {
                    placed.add(contacts.place(id, c.role(), c.name().trim(), c.email().trim(), c.name().trim()));
                }
                return placed;
            }));

            orgId = directory.createOrganization(id.toString(), tenant.company);
            final String organizationId = orgId;
            QuarkusTransaction.requiringNew().run(() -> Tenant.<Tenant> findById(id).keycloakOrgId = organizationId);

            Map<String, String> passwords = new java.util.HashMap<>();
            List<TrialAccount> accounts = new ArrayList<>();
            Set<String> usernames = new java.util.HashSet<>();
            for (int i = 0; i < req.contacts().size(); i++) {
                var c = req.contacts().get(i);
                String username = username(c.email(), id, usernames);
                String password = GeneratedPassword.next();
                PersonName name = PersonName.of(c.name());
                String userId = directory.createUser(new KeycloakDirectory.NewUser(username, c.email().trim(), name.first(),
                        name.last(), password, Map.of(
                                KeycloakDirectory.ATTR_TENANT, List.of(id.toString()),
                                KeycloakDirectory.ATTR_ROLE, List.of(c.role()),
                                KeycloakDirectory.ATTR_EXPIRES, List.of(tenant.expiresAt.toString()))));
                createdUsers.add(userId);
                directory.addMember(orgId, userId);
                TrialAccount a = new TrialAccount();
                a.id = UUID.randomUUID();
                a.tenantId = id;
                a.keycloakUserId = userId;
                a.username = username;
                a.email = c.email().trim();
                a.name = c.name().trim();
                a.roleKey = c.role();
                a.memberId = memberIds.get(i);
                a.state = TrialAccount.State.ACTIVE;
                a.createdAt = now.plusNanos(i * 1000L); // keeps the request's order when listed
                accounts.add(a);
                passwords.put(username, password);
            }
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            Tenant ready = QuarkusTransaction.requiringNew().call(() -> {
                accounts.forEach(a -> a.persist());
                Tenant t = Tenant.findById(id);
                t.state = TenantState.READY;
                t.readyAt = clock.now();
                t.provisioningMillis = millis;
                AuditEntry.record(t.readyAt, actor, "tenant.ready", id, "{\"millis\":" + millis + "}");
                return t;
            });
            LOG.infof("Tenant %s (%s, %s v%d) ready in %d ms", id, tenant.company, version.templateKey, version.version, millis);
            return new Created(view(ready, passwords), false);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Provisioning tenant %s failed", id);
            undo(id, orgId, createdUsers, e);
            if (e instanceof ApiProblem p) {
                throw p;
            }
            throw new ApiProblem(502, "Provisioning failed",
                    "The model house could not be built: " + e.getMessage() + ". Nothing was left behind; try again.");
        }
    }

    /** Removes what a failed provisioning made, best effort; the FAILED row keeps the cause. */
    private void undo(UUID id, String orgId, List<String> users, RuntimeException cause) {
        for (String u : users) {
            try {
                directory.deleteUser(u);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not remove Keycloak user %s of failed tenant %s", u, id);
            }
        }
        if (orgId != null) {
            try {
                directory.deleteOrganization(orgId);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not remove Keycloak organization %s of failed tenant %s", orgId, id);
            }
        }
        tenantContext.runAs(id, () -> QuarkusTransaction.requiringNew().run(() -> TenantData.deleteAll(id)));
        QuarkusTransaction.requiringNew().run(() -> {
            Tenant t = Tenant.findById(id);
            t.state = TenantState.FAILED;
            t.failure = String.valueOf(cause.getMessage());
            t.idempotencyKey = null; // a retry with the same key may try again
        });
    }

    private static void checkRoles(CreateTenantRequest req, TemplateBundle bundle, int seatLimit) {
        Set<String> roles = bundle.meta().roles().stream().map(TemplateBundle.Role::key).collect(Collectors.toSet());
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < req.contacts().size(); i++) {
            String role = req.contacts().get(i).role();
            if (!roles.contains(role)) {
                errors.add(ApiProblem.FieldError.of("contacts[" + i + "].role",
                        "'" + role + "' is not a role of template " + req.templateKey() + "; use one of " + roles.stream().sorted().toList()));
            }
        }
        if (req.contacts().size() > seatLimit) {
            errors.add(ApiProblem.FieldError.of("contacts", "at most " + seatLimit + " accounts per tenant (the template's seat limit)"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The contacts do not fit the template", errors);
        }
    }

    /** wanglei@shunda.example → wanglei-3f9a2c: readable, unique in the realm. */
    private static String username(String email, UUID tenant, Set<String> taken) {
        String local = email.substring(0, email.indexOf('@') < 0 ? email.length() : email.indexOf('@'))
                .toLowerCase().replaceAll("[^a-z0-9._-]", "");
        if (local.isEmpty()) {
            local = "user";
        }
        String base = local + "-" + tenant.toString().substring(0, 6);
        String name = base;
        for (int n = 2; !taken.add(name); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    public TenantView view(Tenant t, Map<String, String> passwords) {
        List<TenantView.Account> accounts = QuarkusTransaction.joiningExisting().call(() -> TrialAccount.ofTenant(t.id)).stream()
                .map(a -> new TenantView.Account(a.email, a.username, a.name, a.roleKey, a.state.name(), loginUrl(a.username),
                        passwords.get(a.username)))
                .toList();
        return new TenantView(t.id, t.templateKey, t.templateVersion, t.company, t.state.name(), t.failure, t.createdAt,
                t.readyAt, t.expiresAt, t.provisioningMillis, t.fromPool, t.ownerEmail, accounts);
    }

    private String loginUrl(String username) {
        return publicUrl + "/portal?login_hint=" + java.net.URLEncoder.encode(username, StandardCharsets.UTF_8);
    }

    private String hash(CreateTenantRequest req) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(req));
            return HexFormat.of().formatHex(d);
        } catch (JsonProcessingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
