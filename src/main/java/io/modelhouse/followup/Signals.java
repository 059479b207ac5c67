package io.modelhouse.followup;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What pre-sales should hear about a model house, as a pure function of its history: each signal
 * true or not now, with a reason in both languages and the facts behind it. Firing once (and again
 * only after it was false) is the store's job ({@link SignalService}). Documented in
 * src/site/markdown/engagement.md; SignalsTest checks them on hand-made histories.
 */
public final class Signals {

    /** Days after activation before a decision-chain influence nobody covers is a missing stakeholder. */
    static final int MISSING_AFTER_DAYS = 2;
    /** Days without anyone active, after some activity, that make a trial stalled. */
    static final int STALLED_AFTER_DAYS = 4;
    /** Days before the end that make an engaged trial worth a call about going on. */
    static final int EXPIRING_WITHIN_DAYS = 3;
    /** The score from which an ending trial counts as engaged. */
    static final int ENGAGED_SCORE = 40;

    private Signals() {
    }

    /** A signal that is true now; {@code subject} is the person it is about, or "" for the tenant. */
    public record Signal(String key, String subject, String reasonZh, String reasonEn, Map<String, Object> facts) {
    }

    /** A role of the template: its name in both languages, its influence, and who holds its seat in the org chart. */
    public record RoleInfo(String key, String nameZh, String nameEn, String influence, String seat) {
    }

    /** The facts signals are made of. */
    /** {@code titles}: scenario keys and value-moment keys ({@code role#n}) with their titles, zh-CN then en. */
    public record Facts(LocalDate today, LocalDate activatedOn, LocalDate endsOn, Engagement.History history,
            Engagement.Result engagement, List<RoleInfo> roles, Map<String, String[]> titles) {

        String zh(String key) {
            return titles.getOrDefault(key, new String[] { key, key })[0];
        }

        String en(String key) {
            return titles.getOrDefault(key, new String[] { key, key })[1];
        }
    }

    private static final Map<String, String[]> INFLUENCE = Map.of("EB", new String[] { "经济决策人", "economic buyer" }, "UB",
            new String[] { "使用决策人", "user buyer" }, "TB", new String[] { "技术决策人", "technical buyer" });

    public static List<Signal> evaluate(Facts f) {
        List<Signal> out = new ArrayList<>();
        Map<String, RoleInfo> roles = new LinkedHashMap<>();
        f.roles().forEach(r -> roles.put(r.key(), r));
        List<Engagement.Person> people = f.history().people();
        Set<LocalDate> tenantDays = new TreeSet<>();
        people.forEach(p -> tenantDays.addAll(p.activeDays()));

        for (Engagement.Person p : people) {
            RoleInfo role = roles.get(p.role());
            String roleZh = role == null ? p.role() : role.nameZh();
            String roleEn = role == null ? p.role() : role.nameEn();
            if ("EB".equals(p.influence()) && !p.activeDays().isEmpty()) {
                LocalDate first = p.activeDays().stream().min(LocalDate::compareTo).orElseThrow();
                out.add(new Signal("eb_first_login", p.id().toString(),
                        "经济决策人 " + p.name() + "（" + roleZh + "）" + first + " 第一次进入样板房：这是约他谈方案和价格的时机。",
                        "The economic buyer " + p.name() + " (" + roleEn + ") first came into the model house on " + first
                                + ": the moment to meet about the solution and the price.",
                        facts("person", p.name(), "role", p.role(), "firstActive", first.toString())));
            }
            var view = f.engagement().people().stream().filter(v -> v.id().equals(p.id())).findFirst().orElse(null);
            if (p.done().stream().anyMatch(d -> d.startsWith("scenario_done|"))) {
                List<String> finished = p.done().stream().filter(d -> d.startsWith("scenario_done|") && !d.endsWith("|"))
                        .map(d -> d.substring(d.lastIndexOf('|') + 1)).sorted().toList();
                out.add(new Signal("scenario_finished", p.id().toString(),
                        p.name() + "（" + roleZh + "）完成了引导场景："
                                + String.join("、", finished.stream().map(k -> "《" + f.zh(k) + "》").toList()) + "。",
                        p.name() + " (" + roleEn + ") finished the guided scenario "
                                + String.join(", ", finished.stream().map(k -> "\"" + f.en(k) + "\"").toList()) + ".",
                        facts("person", p.name(), "role", p.role(), "scenarios", finished)));
            }
            if (view != null && !view.valueMoments().isEmpty()) {
                out.add(new Signal("value_moment", p.id().toString(),
                        p.name() + "（" + roleZh + "）做到了这个角色的关键动作："
                                + String.join("；", view.valueMoments().stream().map(f::zh).toList()) + "。",
                        p.name() + " (" + roleEn + ") did this role's key action: "
                                + String.join("; ", view.valueMoments().stream().map(f::en).toList()) + ".",
                        facts("person", p.name(), "role", p.role(), "valueMoments", view.valueMoments())));
            }
        }

        // the decision chain: an influence of the template nobody of the tenant has been active for
        long sinceStart = f.activatedOn() == null ? 0 : ChronoUnit.DAYS.between(f.activatedOn(), f.today());
        if (sinceStart >= MISSING_AFTER_DAYS) {
            Set<String> active = new TreeSet<>();
            people.stream().filter(p -> !p.activeDays().isEmpty() && p.influence() != null)
                    .forEach(p -> active.add(p.influence()));
            for (String influence : List.of("EB", "UB", "TB")) {
                List<RoleInfo> holders = f.roles().stream().filter(r -> influence.equals(r.influence())).toList();
                if (holders.isEmpty() || active.contains(influence)) {
                    continue;
                }
                RoleInfo r = holders.get(0);
                String[] name = INFLUENCE.get(influence);
                out.add(new Signal("missing_stakeholder", influence,
                        "试用 " + sinceStart + " 天了，决策链上的" + name[0] + "还没有人进来：" + r.nameZh()
                                + (r.seat() == null ? "" : "（样板房里是 " + r.seat() + "）") + "。请客户邀请这位同事。",
                        sinceStart + " days into the trial, nobody for the " + name[1] + " has come in yet: the " + r.nameEn()
                                + (r.seat() == null ? "" : " (" + r.seat() + " in the model house)")
                                + ". Ask the customer to invite that colleague.",
                        facts("influence", influence, "role", r.key(), "seat", r.seat() == null ? "" : r.seat(), "days",
                                sinceStart)));
            }
        }

        List<String> rolesActive = f.engagement().rolesActive();
        if (rolesActive.size() >= 3) {
            out.add(new Signal("three_roles_active", "",
                    rolesActive.size() + " 个角色在用样板房：" + String.join("、", rolesActive) + "。",
                    rolesActive.size() + " roles are using the model house: " + String.join(", ", rolesActive) + ".",
                    facts("roles", rolesActive)));
        }

        LocalDate last = tenantDays.stream().max(LocalDate::compareTo).orElse(null);
        if (last != null) {
            long quiet = ChronoUnit.DAYS.between(last, f.today());
            if (quiet >= STALLED_AFTER_DAYS) {
                out.add(new Signal("stalled", "", "已经 " + quiet + " 天没人进样板房了（最后一次是 " + last + "）。",
                        "Nobody has been in the model house for " + quiet + " days (last on " + last + ").",
                        facts("lastActive", last.toString(), "days", quiet)));
            }
            long recent = tenantDays.stream().filter(d -> ChronoUnit.DAYS.between(d, f.today()) < 3).count();
            long before = tenantDays.stream().filter(d -> {
                long ago = ChronoUnit.DAYS.between(d, f.today());
                return ago >= 3 && ago < 10;
            }).count();
            if (before >= 5 && recent <= 1) {
                out.add(new Signal("activity_drop", "", "活跃突然下降：前一周有 " + before + " 天在用，最近 3 天只有 " + recent + " 天。",
                        "A sudden drop: " + before + " active days in the week before, " + recent + " in the last 3 days.",
                        facts("activeDaysBefore", before, "activeDaysRecent", recent)));
            }
        }

        if (f.endsOn() != null) {
            long left = ChronoUnit.DAYS.between(f.today(), f.endsOn());
            if (left >= 0 && left <= EXPIRING_WITHIN_DAYS && f.engagement().score() >= ENGAGED_SCORE) {
                out.add(new Signal("expiring_engaged", "", "试用还剩 " + left + " 天，参与度 " + f.engagement().score()
                        + "：趁热谈下一步（延期或上线）。",
                        left + " days left with an engagement of " + f.engagement().score()
                                + ": talk about the next step (an extension or going live) while it is warm.",
                        facts("daysLeft", left, "score", f.engagement().score())));
            }
        }

        tenantWide(out, people, "extension_requested|trial|", "extension_requested", "客户申请了延长试用。",
                "The customer asked for a longer trial.");
        tenantWide(out, people, "contact_requested|trial|", "contact_requested", "客户点了“联系销售”，希望沟通。",
                "The customer asked to talk to sales.");
        tenantWide(out, people, "invite_sent|invite|", "colleague_invited", "客户邀请了同事一起试用：决策小组在扩大。",
                "The customer invited a colleague: the buying committee is growing.");
        if (people.stream().anyMatch(p -> p.done().stream().anyMatch(d -> d.startsWith("integration_tested|")))) {
            out.add(new Signal("integration_tested", "", "有人测试了系统对接：技术决策人在评估。",
                    "Someone tested an integration: the technical buyer is evaluating.", Map.of()));
        }
        return out;
    }

    private static void tenantWide(List<Signal> out, List<Engagement.Person> people, String done, String key, String zh,
            String en) {
        List<String> who = people.stream().filter(p -> p.done().contains(done)).map(Engagement.Person::name).toList();
        if (!who.isEmpty()) {
            out.add(new Signal(key, "", zh + "（" + String.join("、", who) + "）", en + " (" + String.join(", ", who) + ")",
                    facts("people", who)));
        }
    }

    private static Map<String, Object> facts(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
