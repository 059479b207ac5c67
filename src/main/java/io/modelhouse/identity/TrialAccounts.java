package io.modelhouse.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;

import io.modelhouse.common.SealedSecrets;
import io.modelhouse.tenant.CreateTenantRequest;

/**
 * Makes the Keycloak side of a tenant's logins. Calls run in parallel: Keycloak hashes each
 * password for 0.07–0.3 s, so three contacts one after another would eat the assignment budget.
 */
@ApplicationScoped
public class TrialAccounts {

    /** Placeholder accounts a pooled tenant is built with; more contacts than this are made at assignment. */
    public static final int POOLED_ACCOUNTS = 3;

    @Inject
    KeycloakDirectory directory;
    @Inject
    ManagedExecutor executor;
    @Inject
    SealedSecrets secrets;

    public record Made(TrialAccount account, String password) {
    }

    /** New users for contacts, members of the organization, enabled. */
    public List<Made> create(UUID tenant, String orgId, List<CreateTenantRequest.Contact> contacts, List<UUID> memberIds,
            Instant expiresAt, Instant now, Set<String> takenUsernames) {
        List<CompletableFuture<Made>> calls = new ArrayList<>();
        for (int i = 0; i < contacts.size(); i++) {
            var c = contacts.get(i);
            String username = username(c.email(), tenant, takenUsernames);
            UUID memberId = memberIds.get(i);
            Instant created = now.plusNanos(i * 1000L); // keeps the request's order when listed
            calls.add(CompletableFuture.supplyAsync(() -> {
                String password = GeneratedPassword.next();
                PersonName name = PersonName.of(c.name());
                String userId = directory.createUser(new KeycloakDirectory.NewUser(username, c.email().trim(), name.first(),
                        name.last(), password, true, attributes(tenant, c.role(), expiresAt)));
                directory.addMember(orgId, userId);
                return new Made(account(tenant, userId, username, c, memberId, created), password);
            }, executor));
        }
        return join(calls);
    }

    /**
     * Placeholder users for a pooled tenant: disabled, with sealed generated passwords. Made one after
     * the other, unlike a prospect's: nobody waits for a pool build, and three password hashes at once
     * would take both cores of a small machine from the prospects being assigned meanwhile.
     */
    public List<TrialAccount> createPooled(UUID tenant, String orgId, Instant now, Runnable beforeEach) {
        Executor inline = Runnable::run;
        List<CompletableFuture<TrialAccount>> calls = new ArrayList<>();
        for (int i = 0; i < POOLED_ACCOUNTS; i++) {
            String username = "pool-" + tenant.toString().substring(0, 8) + "-" + (i + 1);
            Instant created = now.plusNanos(i * 1000L);
            calls.add(CompletableFuture.supplyAsync(() -> {
                beforeEach.run();
                String password = GeneratedPassword.next();
                String userId = directory.createUser(new KeycloakDirectory.NewUser(username,
                        username + "@pool.modelhouse.example",
                        "待分配", "样板房", password, false, Map.of(KeycloakDirectory.ATTR_TENANT, List.of(tenant.toString()))));
                directory.addMember(orgId, userId);
                TrialAccount a = new TrialAccount();
                a.id = UUID.randomUUID();
                a.tenantId = tenant;
                a.keycloakUserId = userId;
                a.username = username;
                a.email = username + "@pool.modelhouse.example";
                a.name = username;
                a.roleKey = "pooled";
                a.state = TrialAccount.State.POOLED;
                a.createdAt = created;
                a.sealedPassword = secrets.seal(password);
                return a;
            }, inline));
        }
        return join(calls);
    }

    /** Turns pooled placeholders into the contacts' logins (renamed, enabled); the sealed password is handed out. */
    public List<Made> assign(UUID tenant, List<TrialAccount> pooled, List<CreateTenantRequest.Contact> contacts,
            List<UUID> memberIds,
            Instant expiresAt, Instant now, Set<String> takenUsernames) {
        List<CompletableFuture<Made>> calls = new ArrayList<>();
        for (int i = 0; i < contacts.size(); i++) {
            var c = contacts.get(i);
            TrialAccount a = pooled.get(i);
            String username = username(c.email(), tenant, takenUsernames);
            UUID memberId = memberIds.get(i);
            Instant created = now.plusNanos(i * 1000L);
            calls.add(CompletableFuture.supplyAsync(() -> {
                PersonName name = PersonName.of(c.name());
                directory.assignUser(a.keycloakUserId, username, c.email().trim(), name.first(), name.last(),
                        attributes(tenant, c.role(), expiresAt));
                String password = secrets.unseal(a.sealedPassword);
                TrialAccount assigned = account(tenant, a.keycloakUserId, username, c, memberId, created);
                assigned.id = a.id;
                return new Made(assigned, password);
            }, executor));
        }
        return join(calls);
    }

    private static Map<String, List<String>> attributes(UUID tenant, String role, Instant expiresAt) {
        return Map.of(KeycloakDirectory.ATTR_TENANT, List.of(tenant.toString()), KeycloakDirectory.ATTR_ROLE, List.of(role),
                KeycloakDirectory.ATTR_EXPIRES, List.of(expiresAt.toString()));
    }

    private static TrialAccount account(UUID tenant, String userId, String username, CreateTenantRequest.Contact c,
            UUID memberId,
            Instant created) {
        TrialAccount a = new TrialAccount();
        a.id = UUID.randomUUID();
        a.tenantId = tenant;
        a.keycloakUserId = userId;
        a.username = username;
        a.email = c.email().trim();
        a.name = c.name().trim();
        a.roleKey = c.role();
        a.memberId = memberId;
        a.state = TrialAccount.State.ACTIVE;
        a.createdAt = created;
        a.locale = c.localeOrDefault();
        return a;
    }

    /** wanglei@shunda.example → wanglei-3f9a2c: readable, unique in the realm. */
    static String username(String email, UUID tenant, Set<String> taken) {
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

    public static Set<String> newUsernameSet() {
        return Collections.synchronizedSet(new HashSet<>());
    }

    private static <T> List<T> join(List<CompletableFuture<T>> calls) {
        try {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            // let every call finish (or fail) so the caller knows everything that was made, then report
            List<T> partial = new ArrayList<>();
            for (var c : calls) {
                if (!c.isCompletedExceptionally()) {
                    partial.add(c.join());
                }
            }
            throw new PartialFailure(partial, e.getCause() == null ? e : e.getCause());
        }
        return calls.stream().map(CompletableFuture::join).toList();
    }

    /** Some calls failed; {@link #made()} holds what did get made, for the undo. */
    public static final class PartialFailure extends RuntimeException {
        private final List<?> made;

        PartialFailure(List<?> made, Throwable cause) {
            super(cause.getMessage(), cause);
            this.made = made;
        }

        public List<?> made() {
            return made;
        }
    }
}
