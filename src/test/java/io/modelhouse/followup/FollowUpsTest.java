package io.modelhouse.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The rules of follow-up tasks (follow-ups.md), on hand-made inputs. */
class FollowUpsTest {

    static final List<FollowUps.Doc> DOCS = List.of(
            new FollowUps.Doc("solution-for-boss", "solution", "solution", "方案", "Solution", List.of("EB", "UB")),
            new FollowUps.Doc("integration-architecture", "solution", "solution", "集成架构", "Integration", List.of("TB")),
            new FollowUps.Doc("case", "solution", "case", "案例", "Case", List.of("EB")),
            new FollowUps.Doc("more-solution", "solution", "faq", "问答", "FAQ", List.of("UB")),
            new FollowUps.Doc("bid-parameters", "bidding", "bid", "招标参数", "Bid parameters", List.of("TB")),
            new FollowUps.Doc("pricing", "bidding", "pricing", "报价", "Pricing", List.of("EB")),
            new FollowUps.Doc("trial-guide", "trial", "guide", "试用指南", "Trial guide", List.of()));

    @Test
    void priorityIsWeightTimesEngagementTimesUrgency() {
        // the boss's first login, engagement 50, 29 days left: 10 × 1.0 × (1 + 2/30)
        assertEquals(10.7, FollowUps.priority("eb_first_login", 50, 29));
        // the same on the last day: urgency 3
        assertEquals(30.0, FollowUps.priority("eb_first_login", 50, 0));
        // a silent trial still ranks: engagement 0 halves, it does not zero
        assertEquals(5.3, FollowUps.priority("stalled", 0, 3));
        // scores and days out of range are held to it
        assertEquals(FollowUps.priority("stalled", 100, 0), FollowUps.priority("stalled", 250, -4));
        // a stronger signal outranks a weaker one at the same tenant
        assertTrue(FollowUps.priority("contact_requested", 40, 10) > FollowUps.priority("scenario_finished", 40, 10));
        // and the ending trial outranks the fresh one for the same signal
        assertTrue(FollowUps.priority("value_moment", 40, 2) > FollowUps.priority("value_moment", 40, 20));
    }

    @Test
    void theStageFollowsTheSignalsInTheSeedsOrder() {
        assertEquals("trial", FollowUps.derivedStage(Set.of()));
        assertEquals("trial", FollowUps.derivedStage(Set.of("stalled", "value_moment")));
        assertEquals("solution", FollowUps.derivedStage(Set.of("eb_first_login", "value_moment")));
        assertEquals("bidding", FollowUps.derivedStage(Set.of("eb_first_login", "extension_requested")));
        assertEquals("bidding", FollowUps.derivedStage(Set.of("expiring_engaged")));
        assertEquals("bidding", FollowUps.derivedStage(Set.of("contact_requested")));
    }

    @Test
    void theMaterialIsTheStagesDocumentsForTheRoleTheSignalIsAboutFirstAtMostThree() {
        assertEquals(List.of("solution-for-boss", "case", "integration-architecture"),
                keys(FollowUps.material(DOCS, "solution", "EB")));
        assertEquals(List.of("integration-architecture", "solution-for-boss", "case"),
                keys(FollowUps.material(DOCS, "solution", "TB")));
        assertEquals(List.of("solution-for-boss", "integration-architecture", "case"),
                keys(FollowUps.material(DOCS, "solution", null)), "no role: the pack's order");
        assertEquals(List.of("pricing", "bid-parameters"), keys(FollowUps.material(DOCS, "bidding", "EB")));
        assertEquals(List.of(), keys(FollowUps.material(DOCS, "delivery", "EB")), "a stage without documents: none");
    }

    @Test
    void everySignalHasItsOwnWhyAndNextStepInBothLanguagesNamingThePerson() {
        for (String signal : FollowUps.WEIGHTS.keySet()) {
            FollowUps.Advice a = FollowUps.advise(signal, "王磊", 60, 5, DOCS, "solution", "EB");
            assertTrue(
                    !a.whyZh().isBlank() && !a.whyEn().isBlank() && !a.suggestionZh().isBlank() && !a.suggestionEn().isBlank(),
                    signal);
            assertTrue(!a.whyZh().equals("一个新的信号。"), signal + " has its own text");
            assertEquals(FollowUps.weight(signal), a.weight());
        }
        FollowUps.Advice call = FollowUps.advise("eb_first_login", "王磊", 60, 5, DOCS, "solution", "EB");
        assertTrue(call.suggestionZh().contains("王磊") && call.suggestionEn().contains("王磊"), call.suggestionEn());
        FollowUps.Advice nobody = FollowUps.advise("eb_first_login", null, 60, 5, DOCS, "solution", "EB");
        assertTrue(nobody.suggestionEn().contains("the economic buyer"), nobody.suggestionEn());
        assertEquals(3, call.material().size());
    }

    private static List<String> keys(List<FollowUps.Material> m) {
        return m.stream().map(FollowUps.Material::key).toList();
    }
}
