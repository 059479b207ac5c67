package io.modelhouse.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * The signals on a prospect team's realistic week, day by day: the economic buyer logs in on day 1,
 * the user buyer works daily, the technical buyer tests an integration on day 4, then silence.
 */
class SignalsTest {

    static final LocalDate START = LocalDate.of(2026, 12, 1);
    static final List<Signals.RoleInfo> ROLES = List.of(new Signals.RoleInfo("boss", "老板", "Owner", "EB", "王磊"),
            new Signals.RoleInfo("dispatcher", "调度", "Dispatcher", "UB", "李娜"),
            new Signals.RoleInfo("finance", "财务", "Finance", "UB", "赵家明"),
            new Signals.RoleInfo("it", "信息技术", "IT", "TB", "周杰"));
    static final UUID BOSS = UUID.randomUUID();
    static final UUID DISPATCHER = UUID.randomUUID();
    static final UUID IT = UUID.randomUUID();

    /** The team's history as of {@code day} (day 1 = START). */
    static List<String> signalsOnDay(int day, int daysLeft) {
        LocalDate today = START.plusDays(day - 1);
        Set<LocalDate> bossDays = day >= 1 ? Set.of(START) : Set.of();
        Set<LocalDate> dispatcherDays = new HashSet<>();
        for (int d = 1; d <= Math.min(day, 6); d++) {
            dispatcherDays.add(START.plusDays(d - 1));
        }
        Set<String> dispatcherDone = new HashSet<>(
                Set.of("search|records.delivery_order|", "record_updated|records.delivery_order|"));
        if (day >= 2) {
            dispatcherDone.add("invite_sent|invite|");
        }
        Set<LocalDate> itDays = day >= 4 ? Set.of(START.plusDays(3)) : Set.of();
        Set<String> itDone = day >= 4
                ? Set.of("integration_tested|integrations.einvoice|", "integration_tested|integrations.einvoice|ok")
                : Set.of();
        List<Engagement.Person> people = new ArrayList<>(List.of(
                new Engagement.Person(BOSS, "boss1", "王磊", "boss", "EB", bossDays, Set.of("dashboard"),
                        Set.of("page_view|dashboard|")),
                new Engagement.Person(DISPATCHER, "disp1", "李娜", "dispatcher", "UB", dispatcherDays,
                        Set.of("dashboard", "records.delivery_order", "invite"), dispatcherDone)));
        if (day >= 4) {
            people.add(new Engagement.Person(IT, "it1", "周杰", "it", "TB", itDays, Set.of("integrations.einvoice"), itDone));
        }
        var history = new Engagement.History(today, people, Map.of(),
                Map.of("it", List.of(new Engagement.Goal("it#1", "integration_tested", "integrations.einvoice", "ok"))));
        var result = Engagement.of(history);
        return Signals.evaluate(new Signals.Facts(today, START, today.plusDays(daysLeft), history, result, ROLES,
                Map.of("it#1", new String[] { "修好电子发票接口", "Fixed e-invoicing" }))).stream()
                .map(s -> s.key() + (s.subject().isEmpty() ? ""
                        : "@" + (s.subject().equals(BOSS.toString()) ? "boss"
                                : s.subject().equals(IT.toString()) ? "it" : s.subject())))
                .sorted().toList();
    }

    @Test
    void aRealisticWeekFiresTheSignalsInOrder() {
        assertEquals(List.of("eb_first_login@boss"), signalsOnDay(1, 29));
        assertEquals(List.of("colleague_invited", "eb_first_login@boss"), signalsOnDay(2, 28));
        assertEquals(List.of("colleague_invited", "eb_first_login@boss", "missing_stakeholder@TB"), signalsOnDay(3, 27),
                "three days in, nobody for the technical buyer");
        assertEquals(List.of("colleague_invited", "eb_first_login@boss", "integration_tested", "three_roles_active",
                "value_moment@it"), signalsOnDay(4, 26), "IT came in: the missing stakeholder is gone");
        assertEquals(List.of("colleague_invited", "eb_first_login@boss", "integration_tested", "three_roles_active",
                "value_moment@it"), signalsOnDay(6, 24));
        List<String> silence = signalsOnDay(10, 20);
        assertTrue(silence.contains("stalled"), "four days without anyone: " + silence);
        assertTrue(silence.contains("activity_drop"), "six active days, then none: " + silence);
    }

    @Test
    void reasonsSayWhoAndWhyInBothLanguages() {
        LocalDate today = START.plusDays(4);
        var people = List.of(new Engagement.Person(DISPATCHER, "disp1", "李娜", "dispatcher", "UB", Set.of(today),
                Set.of("dashboard"), Set.of("extension_requested|trial|")));
        var history = new Engagement.History(today, people, Map.of(), Map.of());
        var signals = Signals.evaluate(new Signals.Facts(today, START, today.plusDays(2), history, Engagement.of(history),
                ROLES, Map.of()));
        var missing = signals.stream().filter(s -> s.key().equals("missing_stakeholder") && s.subject().equals("EB"))
                .findFirst()
                .orElseThrow();
        assertTrue(missing.reasonZh().contains("经济决策人") && missing.reasonZh().contains("老板")
                && missing.reasonZh().contains("王磊"), missing.reasonZh());
        assertTrue(missing.reasonEn().contains("economic buyer") && missing.reasonEn().contains("Owner"), missing.reasonEn());
        var asked = signals.stream().filter(s -> s.key().equals("extension_requested")).findFirst().orElseThrow();
        assertTrue(asked.reasonZh().contains("李娜"), asked.reasonZh());
        assertTrue(signals.stream().noneMatch(s -> s.key().equals("expiring_engaged")), "ending, but not engaged enough");
    }
}
