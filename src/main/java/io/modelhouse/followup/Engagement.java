package io.modelhouse.followup;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * How engaged a model house is, as a pure function of what its people did: five components of 0–100
 * and a weighted score, for the tenant and per person. The formula, weights and decay are in
 * src/site/markdown/engagement.md; EngagementTest checks them on hand-made histories.
 */
public final class Engagement {

    /** The workspace areas a model house offers; a feature key counts for its area (records.x → records). */
    public static final List<String> AREAS = List.of("dashboard", "org_chart", "records", "channels", "announcements",
            "approvals", "tasks", "integrations", "knowledge");

    /** Days after which an active day counts half (activity decays with a half-life of a week). */
    static final double HALF_LIFE_DAYS = 7;
    /** Fresh active days that make activity 100. */
    static final double FULL_ACTIVITY_DAYS = 5;
    /** A person counts as active for coverage when they were active within this many days. */
    static final int COVERAGE_WINDOW_DAYS = 14;
    static final Map<String, Integer> COVERAGE_WEIGHTS = Map.of("EB", 50, "UB", 30, "TB", 20);
    static final double W_ACTIVITY = 0.25;
    static final double W_BREADTH = 0.15;
    static final double W_DEPTH = 0.20;
    static final double W_COVERAGE = 0.25;
    static final double W_VALUE = 0.15;

    private Engagement() {
    }

    /**
     * What completes a scenario step or a value moment: an event {@code type} on a usage
     * {@code feature}, with {@code target} when one is named (null: any).
     */
    public record Goal(String key, String type, String feature, String target) {

        boolean reachedBy(Set<String> done) {
            return done.contains(type + "|" + feature + "|" + (target == null ? "" : target));
        }
    }

    /**
     * One person's history: their role (and its influence), the days they were active (in the
     * tenant's zone), the features they used, and what they did as {@code type|feature|} and
     * {@code type|feature|target} keys.
     */
    public record Person(UUID id, String username, String name, String role, String influence, Set<LocalDate> activeDays,
            Set<String> features, Set<String> done) {
    }

    /**
     * A tenant's history: its people, and per role the scenario steps and value moments the
     * template declares.
     */
    public record History(LocalDate today, List<Person> people, Map<String, List<Goal>> stepsByRole,
            Map<String, List<Goal>> valueMomentsByRole) {
    }

    public record Components(int activity, int breadth, int depth, int coverage, int valueMoments) {

        int score() {
            return (int) Math.round(W_ACTIVITY * activity + W_BREADTH * breadth + W_DEPTH * depth + W_COVERAGE * coverage
                    + W_VALUE * valueMoments);
        }
    }

    public record Progress(int done, int total) {
    }

    /** A person's engagement: the components that make sense for one person, and what they reached. */
    public record PersonView(UUID id, String username, String name, String role, String influence, int activeDays,
            LocalDate lastActive, int activity, int breadth, Progress scenarioProgress, List<String> valueMoments) {
    }

    public record Result(int score, Components components, int activeDays, List<String> rolesActive,
            List<String> influencesCovered, Progress scenarioProgress, List<String> valueMomentsReached,
            List<PersonView> people) {
    }

    public static Result of(History h) {
        Set<LocalDate> tenantDays = new TreeSet<>();
        Set<String> areas = new HashSet<>();
        Set<String> rolesActive = new TreeSet<>();
        Set<String> covered = new TreeSet<>();
        int stepsDone = 0;
        int stepsTotal = 0;
        List<PersonView> people = new ArrayList<>();
        for (Person p : h.people()) {
            tenantDays.addAll(p.activeDays());
            Set<String> mine = areasOf(p.features());
            areas.addAll(mine);
            if (!p.activeDays().isEmpty()) {
                rolesActive.add(p.role());
            }
            LocalDate last = p.activeDays().stream().max(LocalDate::compareTo).orElse(null);
            if (last != null && ChronoUnit.DAYS.between(last, h.today()) < COVERAGE_WINDOW_DAYS && p.influence() != null) {
                covered.add(p.influence());
            }
            List<Goal> steps = h.stepsByRole().getOrDefault(p.role(), List.of());
            int done = (int) steps.stream().filter(g -> g.reachedBy(p.done())).count();
            stepsDone += done;
            stepsTotal += steps.size();
            List<String> moments = h.valueMomentsByRole().getOrDefault(p.role(), List.of()).stream()
                    .filter(g -> g.reachedBy(p.done())).map(Goal::key).toList();
            people.add(new PersonView(p.id(), p.username(), p.name(), p.role(), p.influence(), p.activeDays().size(), last,
                    activity(p.activeDays(), h.today()), percent(mine.size(), AREAS.size()), new Progress(done, steps.size()),
                    moments));
        }
        // value moments of the roles the tenant has people for, each reached by someone of that role
        Set<String> roles = new TreeSet<>();
        h.people().forEach(p -> roles.add(p.role()));
        int momentsTotal = 0;
        List<String> reached = new ArrayList<>();
        for (String role : roles) {
            for (Goal g : h.valueMomentsByRole().getOrDefault(role, List.of())) {
                momentsTotal++;
                if (h.people().stream().anyMatch(p -> p.role().equals(role) && g.reachedBy(p.done()))) {
                    reached.add(g.key());
                }
            }
        }
        int coverage = covered.stream().mapToInt(i -> COVERAGE_WEIGHTS.getOrDefault(i, 0)).sum();
        Components c = new Components(activity(tenantDays, h.today()), percent(areas.size(), AREAS.size()),
                percent(stepsDone, stepsTotal), coverage, percent(reached.size(), momentsTotal));
        return new Result(c.score(), c, tenantDays.size(), List.copyOf(rolesActive), List.copyOf(covered),
                new Progress(stepsDone, stepsTotal), reached, people);
    }

    /** Active days, each worth 0.5^(days ago / 7); five fresh days make 100. */
    static int activity(Set<LocalDate> days, LocalDate today) {
        double sum = 0;
        for (LocalDate d : days) {
            long ago = Math.max(0, ChronoUnit.DAYS.between(d, today));
            sum += Math.pow(0.5, ago / HALF_LIFE_DAYS);
        }
        return (int) Math.min(100, Math.round(100 * sum / FULL_ACTIVITY_DAYS));
    }

    /** The workspace areas of these feature keys (help counts as knowledge; unknown keys count for nothing). */
    static Set<String> areasOf(Set<String> features) {
        Set<String> out = new HashSet<>();
        for (String f : features) {
            if (f == null) {
                continue;
            }
            String area = f.contains(".") ? f.substring(0, f.indexOf('.')) : f;
            if (area.equals("help")) {
                area = "knowledge";
            }
            if (AREAS.contains(area)) {
                out.add(area);
            }
        }
        return out;
    }

    private static int percent(int part, int whole) {
        return whole == 0 ? 0 : (int) Math.round(100.0 * part / whole);
    }
}
