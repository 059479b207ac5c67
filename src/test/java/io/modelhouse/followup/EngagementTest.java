package io.modelhouse.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The engagement formula on hand-made histories (src/site/markdown/engagement.md). */
class EngagementTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 10);

    static final Map<String, List<Engagement.Goal>> STEPS = Map.of(
            "boss", List.of(new Engagement.Goal("boss-decide#1", "approval_decided", "approvals.expense", "approved"),
                    new Engagement.Goal("boss-decide#2", "page_view", "dashboard", null)),
            "dispatcher", List.of(new Engagement.Goal("dispatch#1", "search", "records.delivery_order", null),
                    new Engagement.Goal("dispatch#2", "message_posted", "channels.dispatch-room", null)),
            "it", List.of(new Engagement.Goal("it-fix#1", "integration_tested", "integrations.einvoice", "ok")));

    static final Map<String, List<Engagement.Goal>> MOMENTS = Map.of(
            "boss", List.of(new Engagement.Goal("boss#1", "approval_decided", "approvals.expense", "approved")),
            "dispatcher", List.of(new Engagement.Goal("dispatcher#1", "record_updated", "records.delivery_order", null)),
            "it", List.of(new Engagement.Goal("it#1", "integration_tested", "integrations.einvoice", "ok")));

    static Engagement.Person person(String role, String influence, Set<LocalDate> days, Set<String> features,
            Set<String> done) {
        return new Engagement.Person(UUID.randomUUID(), role + "-user", role, role, influence, days, features, done);
    }

    static Engagement.Result of(Engagement.Person... people) {
        return Engagement.of(new Engagement.History(TODAY, List.of(people), STEPS, MOMENTS));
    }

    @Test
    void nobodyHasDoneAnythingIsZeroEverywhere() {
        var r = of(person("boss", "EB", Set.of(), Set.of(), Set.of()),
                person("dispatcher", "UB", Set.of(), Set.of(), Set.of()));
        assertEquals(new Engagement.Components(0, 0, 0, 0, 0), r.components());
        assertEquals(0, r.score());
        assertEquals(new Engagement.Progress(0, 4), r.scenarioProgress(), "the steps of the roles the tenant has people for");
    }

    @Test
    void activityDecaysWithAHalfLifeOfAWeekAndFiveFreshDaysAreFull() {
        assertEquals(20, Engagement.activity(Set.of(TODAY), TODAY));
        assertEquals(10, Engagement.activity(Set.of(TODAY.minusDays(7)), TODAY), "a week ago counts half");
        assertEquals(5, Engagement.activity(Set.of(TODAY.minusDays(14)), TODAY), "two weeks ago a quarter");
        assertEquals(95, Engagement.activity(Set.of(TODAY, TODAY.minusDays(1), TODAY.minusDays(2), TODAY.minusDays(3),
                TODAY.minusDays(4), TODAY.minusDays(5)), TODAY), "six days in a row, the older ones decayed: 4.75 of 5");
        assertEquals(100, Engagement.activity(Set.of(TODAY, TODAY.minusDays(1), TODAY.minusDays(2), TODAY.minusDays(3),
                TODAY.minusDays(4), TODAY.minusDays(5), TODAY.minusDays(6)), TODAY), "a full week: capped at 100");
    }

    @Test
    void coverageWeighsTheEconomicBuyerHighestAndForgetsTheLongSilent() {
        var onlyUser = of(person("dispatcher", "UB", Set.of(TODAY), Set.of("dashboard"), Set.of()));
        assertEquals(30, onlyUser.components().coverage());
        var bossToo = of(person("dispatcher", "UB", Set.of(TODAY), Set.of("dashboard"), Set.of()),
                person("boss", "EB", Set.of(TODAY.minusDays(2)), Set.of("dashboard"), Set.of()));
        assertEquals(80, bossToo.components().coverage());
        assertEquals(List.of("EB", "UB"), bossToo.influencesCovered());
        var silentBoss = of(person("boss", "EB", Set.of(TODAY.minusDays(14)), Set.of("dashboard"), Set.of()));
        assertEquals(0, silentBoss.components().coverage(), "active 14 days ago: not covering any more");
        assertEquals(List.of("boss"), silentBoss.rolesActive(), "though the role was active once");
    }

    @Test
    void aRealisticWeekAddsUpAsDocumented() {
        // the owner looks on day 1 and approves; the dispatcher works daily; IT fixes the integration on day 4
        var boss = person("boss", "EB", Set.of(TODAY.minusDays(6)), Set.of("dashboard", "approvals.expense"),
                Set.of("page_view|dashboard|", "approval_decided|approvals.expense|",
                        "approval_decided|approvals.expense|approved"));
        var dispatcher = person("dispatcher", "UB",
                Set.of(TODAY.minusDays(6), TODAY.minusDays(5), TODAY.minusDays(4), TODAY.minusDays(3), TODAY.minusDays(2)),
                Set.of("dashboard", "records.delivery_order", "channels.dispatch-room", "tasks", "help"),
                Set.of("search|records.delivery_order|", "record_updated|records.delivery_order|"));
        var it = person("it", "TB", Set.of(TODAY.minusDays(3)), Set.of("integrations.einvoice"),
                Set.of("integration_tested|integrations.einvoice|", "integration_tested|integrations.einvoice|ok"));
        var r = of(boss, dispatcher, it);
        // five distinct days, 2..6 days ago: 100 * sum(0.5^(d/7)) / 5
        double sum = 0;
        for (int d = 2; d <= 6; d++) {
            sum += Math.pow(0.5, d / 7.0);
        }
        assertEquals((int) Math.round(100 * sum / 5), r.components().activity());
        assertEquals(Math.round(100.0 * 7 / 9), r.components().breadth(), "dashboard, records, channels, tasks, knowledge,"
                + " approvals, integrations of nine areas");
        assertEquals(new Engagement.Progress(4, 5), r.scenarioProgress());
        assertEquals(80, r.components().depth());
        assertEquals(100, r.components().coverage());
        assertEquals(100, r.components().valueMoments());
        assertEquals(List.of("boss#1", "dispatcher#1", "it#1"), r.valueMomentsReached());
        var c = r.components();
        assertEquals(Math.round(0.25 * c.activity() + 0.15 * c.breadth() + 0.20 * c.depth() + 0.25 * c.coverage()
                + 0.15 * c.valueMoments()), r.score());
        var dispatcherView = r.people().stream().filter(p -> p.role().equals("dispatcher")).findFirst().orElseThrow();
        assertEquals(5, dispatcherView.activeDays());
        assertEquals(TODAY.minusDays(2), dispatcherView.lastActive());
        assertEquals(new Engagement.Progress(1, 2), dispatcherView.scenarioProgress());
        assertEquals(List.of("dispatcher#1"), dispatcherView.valueMoments());
        assertTrue(r.score() > 70, "an engaged week: " + r.score());
    }

    @Test
    void aTargetedGoalNeedsItsTarget() {
        var failedOnly = of(person("it", "TB", Set.of(TODAY), Set.of("integrations.einvoice"),
                Set.of("integration_tested|integrations.einvoice|", "integration_tested|integrations.einvoice|failed")));
        assertEquals(0, failedOnly.components().valueMoments(), "a failing test is not the moment");
        assertEquals(new Engagement.Progress(0, 1), failedOnly.scenarioProgress());
    }
}
