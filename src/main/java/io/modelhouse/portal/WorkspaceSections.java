package io.modelhouse.portal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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

import io.modelhouse.common.Labels;
import io.modelhouse.common.Messages;
import io.modelhouse.common.PageLocale;
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

    /** One thing on the page: a heading line, a meta line, a body, a badge, and what belongs under it. */
    public record Entry(String title, String meta, String body, String badge, List<Entry> children) {
    }

    @Inject
    ObjectMapper json;

    public List<Entry> section(String view, TemplateBundle bundle, String roleKey, String zone, Locale locale) {
        Messages words = PageLocale.messages(locale);
        boolean english = PageLocale.english(locale);
        if (view.equals("scenarios")) {
            return bundle.scenarios().scenarios().stream()
                    .sorted((a, b) -> Boolean.compare(!a.role().equals(roleKey), !b.role().equals(roleKey)))
                    .map(s -> new Entry(s.title().in(locale), roleName(bundle, s.role(), locale), null,
                            s.role().equals(roleKey) ? words.portal_yourRole() : null,
                            s.steps().stream().map(st -> new Entry(st.title().in(locale), null, null, null, List.of()))
                                    .toList()))
                    .toList();
        }
        DateTimeFormatter f = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.of(zone));
        Map<UUID, String> people = new HashMap<>();
        for (Member m : Member.<Member> listAll()) {
            people.put(m.id, m.name + " · " + m.titleZh);
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
        List<Entry> out = new ArrayList<>();
        for (WorkspaceItem i : top) {
            List<Entry> under = new ArrayList<>();
            for (WorkspaceItem c : children.getOrDefault(i.id, List.of())) {
                String who = c.memberId == null ? "" : people.getOrDefault(c.memberId, "");
                String text = c.kind.equals("message") ? c.body
                        : c.kind.equals("sync_log") ? (english ? c.body : c.title) : c.title;
                under.add(new Entry(text, (who.isEmpty() ? "" : who + " · ") + f.format(c.occursAt)
                        + (c.amount == null ? "" : " · ¥" + c.amount.toPlainString()), null, status(c.status, words),
                        List.of()));
            }
            if (view.equals("channels")) {
                Collections.reverse(under); // the latest messages first
            }
            String meta = switch (i.kind) {
                case "integration" -> field(i.data, "type") + " · " + settings(i.data);
                case "channel", "approval_flow" -> "";
                default -> (i.memberId == null ? "" : people.getOrDefault(i.memberId, "") + " · ") + f.format(i.occursAt);
            };
            String title = english && field(i.data, "nameEn") != null && !field(i.data, "nameEn").isEmpty()
                    ? field(i.data, "nameEn")
                    : i.title;
            out.add(new Entry(title, meta, i.kind.equals("announcement") ? i.body : null, status(i.status, words), under));
        }
        return out;
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

    private static String status(String status, Messages m) {
        return status == null ? null : Labels.status(m, status);
    }

    private static String roleName(TemplateBundle bundle, String role, Locale locale) {
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

    private String settings(String data) {
        try {
            JsonNode s = json.readTree(data).get("settings");
            if (s == null) {
                return "";
            }
            List<String> parts = new ArrayList<>();
            s.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
            return String.join(", ", parts);
        } catch (Exception e) {
            return "";
        }
    }
}
