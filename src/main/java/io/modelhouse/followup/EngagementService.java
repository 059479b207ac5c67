package io.modelhouse.followup;

import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.identity.AccountStore;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateService;
import io.modelhouse.tenant.AsTenant;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantService;

/**
 * A tenant's engagement ({@link Engagement}) from its usage events, its people and its template.
 * Two grouped reads of the tenant's events (as the tenant: row-level security), then the pure function.
 */
@ApplicationScoped
public class EngagementService {

    /** The answer of {@code GET /api/tenants/{id}/engagement} (API.md): the engagement and the signals now true. */
    public record View(UUID tenantId, int score, Engagement.Components components, int activeDays, List<String> rolesActive,
            List<String> influencesCovered, Engagement.Progress scenarioProgress, List<String> valueMomentsReached,
            List<Engagement.PersonView> people, List<SignalService.SignalView> signals) {
    }

    /** A tenant's history as the engagement and the signals read it. */
    record Loaded(Tenant tenant, TemplateBundle bundle, Engagement.History history) {
    }

    @Inject
    EntityManager em;
    @Inject
    TenantService tenants;
    @Inject
    TemplateService templates;
    @Inject
    AccountStore accounts;
    @Inject
    ModelhouseClock clock;

    @Inject
    SignalService signals;

    @AsTenant
    @Transactional
    public View of(UUID tenantId) {
        Engagement.Result e = Engagement.of(load(tenantId).history());
        return new View(tenantId, e.score(), e.components(), e.activeDays(), e.rolesActive(), e.influencesCovered(),
                e.scenarioProgress(), e.valueMomentsReached(), e.people(), signals.active(tenantId));
    }

    @AsTenant
    @Transactional
    Loaded load(UUID tenantId) {
        Tenant t = tenants.require(tenantId);
        TemplateBundle bundle = templates.bundleOf(t.templateVersionId);
        ZoneId zone = ZoneId.of(t.timeZone);
        Map<UUID, Set<LocalDate>> days = new HashMap<>();
        Map<UUID, Set<String>> features = new HashMap<>();
        Map<UUID, Set<String>> done = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> dayRows = em.createNativeQuery("SELECT account_id, CAST(at AT TIME ZONE :zone AS date)"
                + " FROM usage_event WHERE tenant_id = :t AND account_id IS NOT NULL GROUP BY 1, 2")
                .setParameter("zone", t.timeZone).setParameter("t", tenantId).getResultList();
        for (Object[] r : dayRows) {
            days.computeIfAbsent((UUID) r[0], k -> new HashSet<>()).add(day(r[1]));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> didRows = em.createNativeQuery("SELECT account_id, type, feature, target FROM usage_event"
                + " WHERE tenant_id = :t AND account_id IS NOT NULL GROUP BY 1, 2, 3, 4")
                .setParameter("t", tenantId).getResultList();
        for (Object[] r : didRows) {
            deed((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], features, done);
        }
        List<Account> people = accounts.ofTenant(tenantId).stream().filter(a -> a.state != TrialAccount.State.POOLED)
                .map(a -> new Account(a.id, a.username, a.name, a.roleKey)).toList();
        return new Loaded(t, bundle, history(bundle, clock.today(zone), people, days, features, done));
    }

    /** A person of a tenant, as the history needs them. */
    record Account(UUID id, String username, String name, String roleKey) {
    }

    /**
     * A tenant's history from what its people did: one builder for the single evaluation (above) and
     * the signal job's full pass, which reads many tenants at once ({@link SignalService#evaluateMany}).
     */
    static Engagement.History history(TemplateBundle bundle, LocalDate today, List<Account> accounts,
            Map<UUID, Set<LocalDate>> days, Map<UUID, Set<String>> features, Map<UUID, Set<String>> done) {
        List<Engagement.Person> people = new ArrayList<>();
        for (Account a : accounts) {
            TemplateBundle.Role role = bundle.role(a.roleKey());
            people.add(
                    new Engagement.Person(a.id(), a.username(), a.name(), a.roleKey(), role == null ? null : role.influence(),
                            days.getOrDefault(a.id(), Set.of()), features.getOrDefault(a.id(), Set.of()),
                            done.getOrDefault(a.id(), Set.of())));
        }
        Map<String, List<Engagement.Goal>> steps = new LinkedHashMap<>();
        for (TemplateBundle.Scenario s : bundle.scenarios().scenarios()) {
            for (int i = 0; i < s.steps().size(); i++) {
                steps.computeIfAbsent(s.role(), k -> new ArrayList<>()).add(goal(s.key() + "#" + (i + 1), s.steps().get(i)));
            }
        }
        Map<String, List<Engagement.Goal>> moments = new LinkedHashMap<>();
        for (TemplateBundle.Role r : bundle.meta().roles()) {
            for (int i = 0; i < r.valueMoments().size(); i++) {
                moments.computeIfAbsent(r.key(), k -> new ArrayList<>())
                        .add(goal(r.key() + "#" + (i + 1), r.valueMoments().get(i)));
            }
        }
        return new Engagement.History(today, people, steps, moments);
    }

    /** What one person did, added to the sets the history is made of (shared by both readers). */
    static void deed(UUID who, String type, String feature, String target, Map<UUID, Set<String>> features,
            Map<UUID, Set<String>> done) {
        if (feature != null) {
            features.computeIfAbsent(who, k -> new HashSet<>()).add(feature);
        }
        Set<String> mine = done.computeIfAbsent(who, k -> new HashSet<>());
        mine.add(type + "|" + feature + "|");
        if (target != null) {
            mine.add(type + "|" + feature + "|" + target);
        }
    }

    private static Engagement.Goal goal(String key, TemplateBundle.Step step) {
        return new Engagement.Goal(key, step.event(), step.usageFeature(), step.target());
    }

    static LocalDate day(Object o) {
        return o instanceof LocalDate d ? d : ((Date) o).toLocalDate();
    }
}
