package io.modelhouse.identity;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.tenant.RequestTenant;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantDecisions;
import io.modelhouse.tenant.TenantService;
import io.modelhouse.tenant.TenantState;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Decides who a prospect request is for. The token names the tenant; the control plane must agree:
 * the Keycloak user is an account of that tenant, still enabled. The trial's state comes from our
 * database, whatever the token says, so an expired trial is closed even to a token issued before.
 */
@ApplicationScoped
public class ProspectResolver {

    public enum Access {
        OPEN,
        /** The trial is over, but its people may still log in and read for a while: no change is accepted. */
        OPEN_HOUSE,
        ENDED,
        NOT_A_PROSPECT
    }

    public record Outcome(Access access, Prospect prospect) {
    }

    @Inject
    RequestTenant requestTenant;
    @Inject
    SecurityIdentity identity;
    @Inject
    ModelhouseClock clock;
    @Inject
    TenantService tenants;
    @Inject
    AccountStore accounts;
    @Inject
    @CacheName(TenantDecisions.CACHE)
    Cache recent;

    /** One transaction: the first login turns the tenant ACTIVE and is noted on the account. */
    @Transactional
    public Outcome resolve() {
        var tenantId = requestTenant.tenantId();
        if (tenantId.isEmpty() || !(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getSubject() == null) {
            return new Outcome(Access.NOT_A_PROSPECT, null);
        }
        Optional<TrialAccount> account = accounts.byKeycloakUser(jwt.getSubject());
        Tenant tenant = tenants.find(tenantId.get()).orElse(null);
        if (account.isEmpty() && tenant != null && tenant.state == TenantState.PURGED) {
            // its people are forgotten, so no account matches: a session still open says which trial
            // it was, and that trial has ended (nothing of it can be asked for or changed)
            return new Outcome(Access.ENDED, new Prospect(tenant, null));
        }
        if (account.isEmpty() || tenant == null || !account.get().tenantId.equals(tenant.id)) {
            return new Outcome(Access.NOT_A_PROSPECT, null);
        }
        Prospect prospect = new Prospect(tenant, account.get());
        if (account.get().state == TrialAccount.State.ACTIVE && tenant.openHouse(clock.now())) {
            accounts.recordLogin(account.get(), clock.now());
            return new Outcome(Access.OPEN_HOUSE, prospect);
        }
        // a converted tenant is the customer's now: its trial end no longer closes it
        boolean expired = tenant.state != TenantState.CONVERTED && !clock.now().isBefore(tenant.expiresAt);
        if (!tenant.state.open() || expired || account.get().state != TrialAccount.State.ACTIVE) {
            return new Outcome(Access.ENDED, prospect);
        }
        tenants.activate(tenant);
        accounts.recordLogin(account.get(), clock.now());
        return new Outcome(Access.OPEN, prospect);
    }

    /** For the API: an open trial's prospect, or the problem that explains why not. */
    public Prospect require() {
        return opened(resolve());
    }

    /**
     * As {@link #require()}, with the decision for this person and tenant reused for a few seconds:
     * for the usage intake, which a page calls many times a minute and which must cost next to
     * nothing (two queries and a transaction a call were most of its CPU). A trial that ends or an
     * account disabled is refused here within that time.
     */
    public Prospect requireRecent() {
        return opened(resolveRecent());
    }

    /**
     * As {@link #resolve()}, reused for up to 30 s (the same decisions as {@link #requireRecent()}):
     * for the pages a prospect only reads. Looking the person up was a seventh to a quarter of each
     * portal page's time in a profile at 50 sessions (Hibernate translates the query anew on every
     * call while the tenant filter is on). Any change of the tenant or its accounts is decided anew on
     * this node at once ({@link TenantDecisions}); on another node within the cache's bound; a trial
     * whose end passes is decided anew at once everywhere.
     */
    public Outcome resolveRecent() {
        var tenantId = requestTenant.tenantId();
        if (tenantId.isEmpty() || !(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getSubject() == null) {
            return new Outcome(Access.NOT_A_PROSPECT, null);
        }
        String key = TenantDecisions.key(jwt.getSubject(), tenantId.get());
        Outcome o = recent.get(key, k -> resolve()).await().indefinitely();
        if (o.access() == Access.OPEN && o.prospect().tenant().state != TenantState.CONVERTED
                && !clock.now().isBefore(o.prospect().tenant().expiresAt)) {
            // the trial's end passed while the decision was kept: decided anew, not up to the cache's bound later
            recent.invalidate(key).await().indefinitely();
            o = recent.get(key, k -> resolve()).await().indefinitely();
        }
        return o;
    }

    /**
     * A prospect whose trial may have ended (for the asks an ended trial still offers: more days, a
     * call); refused only for someone who is not a trial account.
     */
    public Outcome requireKnown() {
        Outcome o = resolve();
        if (o.access() == Access.NOT_A_PROSPECT) {
            opened(o);
        }
        if (o.prospect().account() == null) {
            throw ApiProblem.forbidden("This trial has been deleted; ask your contact at Modelhouse for a new one.");
        }
        return o;
    }

    /** For what only reads: an open trial's prospect, or one in the open house after it. */
    public Prospect requireReadable() {
        Outcome o = resolveRecent();
        return o.access() == Access.OPEN_HOUSE ? o.prospect() : opened(o);
    }

    private static Prospect opened(Outcome o) {
        return switch (o.access()) {
            case OPEN -> o.prospect();
            case OPEN_HOUSE -> throw ApiProblem.forbidden("This trial has ended and is open to read only until "
                    + o.prospect().tenant().openHouseUntil
                    + "; nothing can be changed. Ask for more days to work in it again.");
            case ENDED -> throw ApiProblem.forbidden("This trial has ended; ask your contact at Modelhouse to extend it.");
            case NOT_A_PROSPECT -> throw ApiProblem.forbidden("Only a trial account's token may use the portal API.");
        };
    }
}
