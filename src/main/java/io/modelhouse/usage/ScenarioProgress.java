package io.modelhouse.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.modelhouse.common.Dates;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.tenant.AsTenant;

/**
 * How far a person is in their role's guided scenarios, from what they did (usage events), never
 * from a checkbox: a step is done once the person has an event of the step's type on its feature
 * (and target, when the step names one). Progress is per person because events are. A step or a
 * scenario newly found done becomes an event itself ({@code scenario_step_done},
 * {@code scenario_done}), stored once per person (its id is derived from person and step).
 */
@ApplicationScoped
public class ScenarioProgress {

    /** A scenario and, per step, when it was done (null: not yet). */
    public record State(TemplateBundle.Scenario scenario, List<Instant> doneAt) {

        public long done() {
            return doneAt.stream().filter(java.util.Objects::nonNull).count();
        }

        public boolean finished() {
            return done() == doneAt.size();
        }
    }

    @Inject
    EntityManager em;
    @Inject
    UsageService usage;

    /** The scenarios' progress for this person; records the steps and scenarios they newly finished. */
    @AsTenant
    @Transactional
    public List<State> of(UUID tenantId, UsageEvent.Actor actor, List<TemplateBundle.Scenario> scenarios) {
        Set<String> types = new HashSet<>(Set.of("scenario_step_done", "scenario_done"));
        scenarios.forEach(s -> s.steps().forEach(st -> types.add(st.event())));
        // one pass over the person's own events (index tenant_id, account_id, at): the first time each
        // (type, feature, target) happened
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT type, feature, target, min(at) FROM usage_event"
                + " WHERE tenant_id = :t AND account_id = :a AND type IN (:types) GROUP BY type, feature, target")
                .setParameter("t", tenantId).setParameter("a", actor.accountId()).setParameter("types", types)
                .getResultList();
        Map<String, Instant> first = new HashMap<>();
        Set<String> recorded = new HashSet<>();
        for (Object[] r : rows) {
            String type = (String) r[0];
            String feature = (String) r[1];
            String target = (String) r[2];
            Instant at = Dates.instant(r[3]);
            if (type.equals("scenario_step_done") || type.equals("scenario_done")) {
                recorded.add(type + "|" + target);
                continue;
            }
            first.merge(type + "|" + feature + "|", at, (x, y) -> x.isBefore(y) ? x : y);
            if (target != null) {
                first.merge(type + "|" + feature + "|" + target, at, (x, y) -> x.isBefore(y) ? x : y);
            }
        }
        List<State> out = new ArrayList<>();
        for (TemplateBundle.Scenario s : scenarios) {
            List<Instant> doneAt = new ArrayList<>();
            for (int i = 0; i < s.steps().size(); i++) {
                TemplateBundle.Step st = s.steps().get(i);
                Instant at = first.get(st.event() + "|" + st.usageFeature() + "|" + (st.target() == null ? "" : st.target()));
                doneAt.add(at);
                String id = s.key() + "#" + (i + 1);
                if (at != null && !recorded.contains("scenario_step_done|" + id)) {
                    usage.captureOnce(actor, id, "scenario_step_done", "scenarios", id, at);
                }
            }
            State state = new State(s, doneAt);
            if (state.finished() && !recorded.contains("scenario_done|" + s.key())) {
                Instant last = doneAt.stream().max(Instant::compareTo).orElseThrow();
                usage.captureOnce(actor, s.key(), "scenario_done", "scenarios", s.key(), last);
            }
            out.add(state);
        }
        return out;
    }
}
