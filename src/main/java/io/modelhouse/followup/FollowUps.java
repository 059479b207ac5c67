package io.modelhouse.followup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a signal asks of pre-sales, as a pure function: how much it matters (weight, priority), why,
 * the next step, and which documents of the template's knowledge pack to bring, chosen by the deal's
 * sales stage. {@link FollowUpService} keeps the tasks; src/site/markdown/follow-ups.md documents the
 * rules and FollowUpsTest checks them.
 */
public final class FollowUps {

    /** The sales stages, in the order a deal goes through them. */
    public static final List<String> STAGES = List.of("opportunity", "qualification", "solution", "trial", "bidding",
            "contract", "delivery");

    /** How much a signal is worth a seller's call, 1–10. */
    static final Map<String, Integer> WEIGHTS = Map.ofEntries(Map.entry("contact_requested", 10),
            Map.entry("eb_first_login", 10), Map.entry("expiring_engaged", 9), Map.entry("extension_requested", 8),
            Map.entry("missing_stakeholder", 7), Map.entry("stalled", 7), Map.entry("activity_drop", 6),
            Map.entry("three_roles_active", 6), Map.entry("integration_tested", 5), Map.entry("value_moment", 5),
            Map.entry("colleague_invited", 4), Map.entry("scenario_finished", 4));

    /** The most documents a task suggests. */
    static final int MATERIAL_MAX = 3;

    private FollowUps() {
    }

    /** A document of the knowledge pack, as the choice needs it. */
    public record Doc(String key, String stage, String kind, String titleZh, String titleEn, List<String> audience) {
    }

    /** A suggested document: what the task shows and the API answers. */
    public record Material(String key, String stage, String kind, String titleZh, String titleEn) {
    }

    /** A task's content. */
    public record Advice(int weight, double priority, String whyZh, String whyEn, String suggestionZh, String suggestionEn,
            List<Material> material) {
    }

    public static int weight(String signal) {
        return WEIGHTS.getOrDefault(signal, 3);
    }

    /**
     * The rank of a task: weight × engagement × urgency. Engagement is 0.5 + score/100 (a silent trial
     * still ranks: a stalled one is worth a call); urgency is 1 + 2/(1 + days left), 3 on the last
     * day, 1.5 three days before, near 1 a month before. Rounded to one decimal.
     */
    public static double priority(String signal, int score, long daysLeft) {
        double engagement = 0.5 + Math.max(0, Math.min(100, score)) / 100.0;
        double urgency = 1 + 2.0 / (1 + Math.max(0, daysLeft));
        return Math.round(weight(signal) * engagement * urgency * 10) / 10.0;
    }

    /**
     * The stage of a deal pre-sales did not set, from the signals that have fired (the seeds' order:
     * white paper, then the model house, then the solution): a model house is the trial; once the
     * economic buyer has been in, the deal is at the solution (he wants to see it for his company);
     * once the customer asks to talk, asks for more time, or an engaged trial nears its end, it is
     * heading for the bid.
     */
    public static String derivedStage(Set<String> fired) {
        if (fired.contains("contact_requested") || fired.contains("extension_requested")
                || fired.contains("expiring_engaged")) {
            return "bidding";
        }
        if (fired.contains("eb_first_login")) {
            return "solution";
        }
        return "trial";
    }

    /**
     * The documents to bring: those of the deal's stage, the ones written for {@code influence} (the
     * decision-chain role the signal is about, or null) first, at most three.
     */
    public static List<Material> material(List<Doc> docs, String stage, String influence) {
        List<Doc> ofStage = new ArrayList<>(docs.stream().filter(d -> d.stage().equals(stage)).toList());
        ofStage.sort(Comparator.comparing((Doc d) -> influence == null || !d.audience().contains(influence)));
        return ofStage.stream().limit(MATERIAL_MAX)
                .map(d -> new Material(d.key(), d.stage(), d.kind(), d.titleZh(), d.titleEn())).toList();
    }

    /** Why a signal matters and what to do next, in both languages; {@code person} names whom it is about, or null. */
    public static Advice advise(String signal, String person, int score, long daysLeft, List<Doc> docs, String stage,
            String influence) {
        String who = person == null || person.isBlank() ? null : person;
        String[] t = switch (signal) {
            case "eb_first_login" -> new String[] {
                    "老板亲自进来看了：决策链最关键的一环已经在评估。",
                    "The economic buyer came in himself: the most important link of the decision chain is evaluating.",
                    "今天给" + or(who, "经济决策人") + "打电话，约 30 分钟讲方案和投入产出，带上下面的资料。",
                    "Call " + or(who, "the economic buyer")
                            + " today and book 30 minutes on the solution and its return; bring the material below." };
            case "missing_stakeholder" -> new String[] {
                    "决策链缺一个角色，最后拍板时没人替这个角色说话，单子容易卡住。",
                    "A role of the decision chain is missing: nobody will speak for it when the decision is made, and deals stall there.",
                    "请已经在用的联系人邀请这个角色的同事进样板房（门户里的“邀请同事”），并发给他下面的资料。",
                    "Ask the contact already in to invite that colleague (\"Invite a colleague\" in the portal), and send them the material below." };
            case "three_roles_active" -> new String[] {
                    "三个以上的角色在一起用，客户在认真做选型。",
                    "Three or more roles are working together: the customer is seriously evaluating.",
                    "约一次多角色的线上演示，按他们在用的功能讲，顺势问预算和时间表。",
                    "Offer one online demo for all of them, built on the features they use, and ask about budget and timeline." };
            case "scenario_finished" -> new String[] {
                    "有人走完了一个引导场景：他已经看到这个功能怎么用在自己的业务上。",
                    "Someone finished a guided scenario: they have seen how the feature fits their work.",
                    "问" + or(who, "他") + "场景里哪一步最贴近他们的现状，记下需求差异。",
                    "Ask " + or(who, "them")
                            + " which step of the scenario is closest to how they work today, and note the gaps." };
            case "value_moment" -> new String[] {
                    "有人做到了这个角色最能体会价值的动作。",
                    "Someone did the action where their role feels the value.",
                    "趁热联系" + or(who, "他") + "，请他说说省了什么事，这是写进方案的证据。",
                    "Reach " + or(who, "them") + " while it is fresh and ask what it saved them: evidence for the proposal." };
            case "stalled" -> new String[] {
                    "样板房已经几天没人进了，试用在变冷。",
                    "Nobody has been in the model house for days: the trial is going cold.",
                    "打个电话问卡在哪里，提出陪他们走一遍最相关的场景。",
                    "Call and ask what is in the way; offer to walk them through the most relevant scenario." };
            case "activity_drop" -> new String[] {
                    "用得好好的，突然少了：可能有顾虑，或者内部有变化。",
                    "Use dropped suddenly: there may be a doubt, or something changed inside the customer.",
                    "问问最近活跃的人发生了什么，别等到试用结束。",
                    "Ask the people who were active what changed; do not wait for the trial to end." };
            case "expiring_engaged" -> new String[] {
                    "试用快结束了，而客户用得很投入：现在谈下一步最顺。",
                    "The trial ends soon and the customer is engaged: the next step is easiest to agree now.",
                    "约决策人谈延期或正式上线，带上招标参数或报价所需的资料。",
                    "Meet the decision makers about an extension or going live; bring what a bid or a quote needs." };
            case "extension_requested" -> new String[] {
                    "客户主动要更多时间：他们还想继续评估。",
                    "The customer asked for more time: they want to keep evaluating.",
                    "在控制台批准延期，并问清楚还要验证什么、谁来验证。",
                    "Approve the extension in the console, and ask what they still need to check and who will." };
            case "contact_requested" -> new String[] {
                    "客户主动要求和销售沟通：这是最明确的购买信号。",
                    "The customer asked to talk to sales: the clearest buying signal there is.",
                    "今天内回电，确认需求、预算和决策流程。",
                    "Call back today; confirm the need, the budget and how they decide." };
            case "colleague_invited" -> new String[] {
                    "客户在拉同事进来，决策小组在扩大。",
                    "The customer is bringing colleagues in: the buying committee is growing.",
                    "问邀请人新同事负责什么，给新同事发一份入门资料。",
                    "Ask who the new colleague is and what they own; send them a starting document." };
            case "integration_tested" -> new String[] {
                    "有人测试了系统对接：技术决策人在评估能不能接进他们的系统。",
                    "Someone tested an integration: the technical buyer is checking it fits their systems.",
                    "安排售前工程师和对方 IT 通个电话，带上接口和安全资料。",
                    "Put a solution engineer on a call with their IT; bring the interface and security papers." };
            default -> new String[] { "一个新的信号。", "A new signal.", "看一下这个样板房。", "Have a look at this model house." };
        };
        return new Advice(weight(signal), priority(signal, score, daysLeft), t[0], t[1], t[2], t[3],
                material(docs, stage, influence));
    }

    private static String or(String value, String otherwise) {
        return value == null ? otherwise : value;
    }
}
