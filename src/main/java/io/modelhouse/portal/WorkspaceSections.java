package io.modelhouse.portal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelhouse.common.Dates;
import io.modelhouse.common.Labels;
import io.modelhouse.common.Messages;
import io.modelhouse.common.PageLocale;
import io.modelhouse.common.WorkMessages;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.workspace.Member;
import io.modelhouse.workspace.WorkspaceItem;
import io.quarkus.panache.common.Sort;

/**
 * The prospect's workspace beyond records, as the portal shows it: channels with their messages,
 * announcements, approvals, tasks, integrations with their sync logs, and the guided scenarios of
 * the person's role. Everything comes from the tenant's own rows (discriminator + RLS).
 */
@ApplicationScoped
public class WorkspaceSections {

    public static final List<String> VIEWS = List.of("records", "channels", "announcements", "approvals", "tasks",
            "integrations",
            "scenarios");

    /**
     * One thing on the page: a heading line, a meta line, a body, a badge, and what belongs under it;
     * {@code id}/{@code key}/{@code kind} address it in the action forms, {@code canAct} says whether
     * this person can act on it now (decide, complete, mark read), {@code note} is a line about its
     * state, {@code settings} an integration's settings for its form.
     */
    public record Entry(String title, String meta, String body, String badge, List<Entry> children, String id, String key,
            String kind, boolean canAct, String note, Map<String, String> settings) {

        Entry(String title, String meta, String body, String badge, List<Entry> children) {
            this(title, meta, body, badge, children, null, null, null, false, null, Map.of());
        }

        public String anchor() {
            return key == null ? "item-" + id : kind.replace("approval_flow", "flow") + "-" + key;
        }
    }

    @Inject
    ObjectMapper json;
    @Inject
    WorkspaceActions actions;
    @Inject
    io.modelhouse.common.ModelhouseClock clock;

    /** Who is looking: their account and role decide what they can act on. */
    public record Viewer(UUID accountId, String roleKey) {
    }

    public List<Entry> section(String view, TemplateBundle bundle, Viewer viewer, String zone, Locale locale) {
        Messages words = PageLocale.messages(locale);
        WorkMessages work = PageLocale.work(locale);
        boolean english = PageLocale.english(locale);
        if (view.equals("scenarios")) {
            return bundle.scenarios().scenarios().stream()
                    .sorted((a, b) -> Boolean.compare(!a.role().equals(viewer.roleKey()), !b.role().equals(viewer.roleKey())))
                    .map(s -> new Entry(s.title().in(locale), roleName(bundle, s.role(), locale), null,
                            s.role().equals(viewer.roleKey()) ? words.portal_yourRole() : null,
                            s.steps().stream().map(st -> new Entry(st.title().in(locale), null, null, null, List.of()))
                                    .toList()))
                    .toList();
        }
        var when = Dates.near(zone, locale, clock.now());
        Map<UUID, String> people = new HashMap<>();
        for (Member m : Member.<Member> listAll()) {
            people.put(m.id, m.name + " · " + (english && m.titleEn != null ? m.titleEn : m.titleZh));
        }
        List<WorkspaceItem> all = WorkspaceItem.list("kind in ?1", Sort.ascending("occursAt"), kinds(view));
        Map<UUID, List<WorkspaceItem>> children = new HashMap<>();
        List<WorkspaceItem> top = new ArrayList<>();
        for (WorkspaceItem i : all) {
            if (i.parentId == null) {
                top.add(i);
            } else {
                children.computeIfAbsent(i.parentId, k -> new ArrayList<>()).add(i);
            }
        }
        if (!view.equals("channels") && !view.equals("integrations") && !view.equals("approvals")) {
            Collections.reverse(top); // newest first
        }
        if (view.equals("tasks")) { // open tasks first, the most urgent at the top; then the done ones, latest first
            top.sort((a, b) -> {
                boolean aOpen = "open".equals(a.status);
                boolean bOpen = "open".equals(b.status);
                if (aOpen != bOpen) {
                    return aOpen ? -1 : 1;
                }
                return aOpen ? a.occursAt.compareTo(b.occursAt) : b.occursAt.compareTo(a.occursAt);
            });
        }
        List<Entry> out = new ArrayList<>();
        for (WorkspaceItem i : top) {
            List<Entry> under = new ArrayList<>();
            List<WorkspaceItem> kids = new ArrayList<>(children.getOrDefault(i.id, List.of()));
            if (!view.equals("channels")) {
                Collections.reverse(kids); // the newest request or sync line first
            }
            for (WorkspaceItem c : kids) {
                String who = who(c, people);
                String text = c.kind.equals("message") ? c.body
                        : c.kind.equals("sync_log") ? (english && c.body != null ? c.body : c.title) : c.title;
                boolean canAct = c.kind.equals("approval_request") && actions.waitsFor(i, c, viewer.roleKey());
                String note = c.kind.equals("approval_request") ? approvalNote(bundle, i, c, work, locale) : null;
                under.add(new Entry(text, (who.isEmpty() ? "" : who + " · ") + when.apply(c.occursAt)
                        + (c.amount == null ? "" : " · ¥" + c.amount.toPlainString()), null, status(c.status, words, work),
                        List.of(), c.id.toString(), null, c.kind, canAct, note, Map.of()));
            }
            if (view.equals("channels")) {
                Collections.reverse(under); // the latest messages first
            }
            String meta = switch (i.kind) {
                case "integration" -> field(i.data, "type");
                case "channel", "approval_flow" -> "";
                case "task" -> (i.memberId == null ? roleName(bundle, field(i.data, "role"), locale)
                        : people.getOrDefault(i.memberId, "")) + " · " + when.apply(i.occursAt);
                default -> (i.memberId == null ? "" : people.getOrDefault(i.memberId, "") + " · ") + when.apply(i.occursAt);
            };
            String nameEn = english ? field(i.data, "nameEn") : null;
            String title = nameEn != null && !nameEn.isEmpty() ? nameEn : i.title;
            boolean canAct = switch (i.kind) {
                case "task" -> "open".equals(i.status);
                case "announcement" -> !actions.readBy(i, viewer.accountId());
                default -> false;
            };
            String badge = i.kind.equals("announcement") ? (canAct ? work.ws_unread() : work.ws_read_done())
                    : status(i.status, words, work);
            out.add(new Entry(title, meta, i.kind.equals("announcement") ? i.body : null, badge, under, i.id.toString(),
                    i.itemKey, i.kind, canAct, null, i.kind.equals("integration") ? actions.settings(i) : Map.of()));
        }
        return out;
    }

    /** Who wrote or sent it: their member in the org chart, or the name kept with it (a colleague invited later). */
    private String who(WorkspaceItem c, Map<UUID, String> people) {
        if (c.memberId != null && people.containsKey(c.memberId)) {
            return people.get(c.memberId);
        }
        String by = field(c.data, "by");
        return by == null ? "" : by;
    }

    /** Whose approval a pending request waits for, and the decisions so far with their comments. */
    private String approvalNote(TemplateBundle bundle, WorkspaceItem flow, WorkspaceItem request, WorkMessages words,
            Locale locale) {
        List<String> parts = new ArrayList<>();
        try {
            for (JsonNode d : json.readTree(request.data).path("decisions")) {
                String decision = "approved".equals(d.path("decision").asText()) ? words.ws_decision_approved()
                        : words.ws_decision_rejected();
                String comment = d.path("comment").asText();
                parts.add(d.path("by").asText() + " " + decision + (comment.isBlank() ? "" : "「" + comment + "」"));
            }
        } catch (Exception e) {
            // no decisions to show
        }
        String note = parts.isEmpty() ? "" : words.ws_approval_decisions(String.join("；", parts));
        if ("pending".equals(request.status)) {
            List<String> waiting = actions.stepRoles(flow).stream().filter(r -> !actions.approvedBy(request).contains(r))
                    .map(r -> roleName(bundle, r, locale)).toList();
            note = (note.isEmpty() ? "" : note + " · ") + words.ws_approval_waits(String.join("、", waiting));
        }
        return note;
    }

    private static List<String> kinds(String view) {
        return switch (view) {
            case "channels" -> List.of("channel", "message");
            case "announcements" -> List.of("announcement");
            case "approvals" -> List.of("approval_flow", "approval_request");
            case "tasks" -> List.of("task");
            case "integrations" -> List.of("integration", "sync_log");
            default -> List.of();
        };
    }

    private static String status(String status, Messages m, WorkMessages w) {
        return status == null ? null : status.equals("failing") ? w.portal_status_failing() : Labels.status(m, status);
    }

    static String roleName(TemplateBundle bundle, String role, Locale locale) {
        if (role == null) {
            return "";
        }
        TemplateBundle.Role r = bundle.role(role);
        return r == null ? role : r.name().in(locale);
    }

    private String field(String data, String name) {
        try {
            JsonNode n = json.readTree(data).get(name);
            return n == null ? null : n.asText();
        } catch (Exception e) {
            return null;
        }
    }
}
