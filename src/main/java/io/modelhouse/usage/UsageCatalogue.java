package io.modelhouse.usage;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every kind of usage event and every feature key, in one place (documented in
 * src/site/markdown/usage-events.md). A type or feature not declared here is refused.
 */
public final class UsageCatalogue {

    private UsageCatalogue() {
    }

    /** Event types, with what each one means. */
    public static final Map<String, String> TYPES = new TreeMap<>(Map.ofEntries(
            Map.entry("login", "a person opened the model house after logging in"),
            Map.entry("page_view", "a page (or a section of it) was shown; durationMs is the time on it"),
            Map.entry("feature_used", "an element marked with a feature key was used (a click, a tab)"),
            Map.entry("record_created", "a business record was created"),
            Map.entry("record_updated", "a business record was changed"),
            Map.entry("approval_started", "an approval request was started in a flow"),
            Map.entry("approval_decided", "an approval was approved or rejected (target: approved or rejected)"),
            Map.entry("task_created", "a task was created (target: the assignee's role)"),
            Map.entry("task_assigned", "a task was given to another role (target: that role)"),
            Map.entry("announcement_read", "an announcement was marked read"),
            Map.entry("integration_configured", "an integration's settings were changed"),
            Map.entry("message_posted", "a message was posted"),
            Map.entry("task_done", "a task was marked done"),
            Map.entry("integration_tested", "an integration's connection test was run (target: ok or failed)"),
            Map.entry("scenario_step_done", "a step of a guided scenario was done"),
            Map.entry("scenario_done", "a guided scenario was finished"),
            Map.entry("doc_opened", "a knowledge document was opened"),
            Map.entry("invite_sent", "a colleague was invited"),
            Map.entry("extension_requested", "the prospect asked for a longer trial"),
            Map.entry("contact_requested", "the prospect asked to be contacted"),
            Map.entry("search", "a search was run")));

    /**
     * Feature keys of the portal; a template's record types, channels, approval flows and
     * integrations add {@code records.<type>}, {@code channels.<key>}, {@code approvals.<flow>} and
     * {@code integrations.<key>}.
     */
    public static final Set<String> FEATURES = Set.of("portal", "dashboard", "org_chart", "records", "channels",
            "announcements",
            "approvals", "tasks", "integrations", "scenarios", "knowledge", "help", "invite", "search", "trial");

    private static final Pattern RECORD_FEATURE = Pattern
            .compile("(?:records|channels|approvals|integrations)\\.[a-z][a-z0-9_-]{0,40}");

    public static boolean knownType(String type) {
        return type != null && TYPES.containsKey(type);
    }

    public static boolean knownFeature(String feature) {
        return feature == null || FEATURES.contains(feature) || RECORD_FEATURE.matcher(feature).matches();
    }
}
