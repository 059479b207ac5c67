package io.modelhouse.portal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.workspace.Member;
import io.modelhouse.workspace.WorkspaceItem;
import io.quarkus.panache.common.Sort;

/**
 * What a prospect does in the workspace: post a message, start and decide approvals, create,
 * reassign and complete tasks, mark announcements read, change an integration's settings and
 * test its connection. Like every query of the portal, nothing here names the tenant: the tenant
 * discriminator and row-level security keep each caller to their own rows, so another tenant's
 * key or id is simply not found (empty result, shown as 404).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class WorkspaceActions {

    /** Who acts: their member in the org chart (may be null), name and role. */
    public record Actor(UUID accountId, UUID memberId, String name, String roleKey) {
    }

    /** A decision was refused: the request is not pending, or not (or no longer) waiting for this role. */
    public static class NotYours extends RuntimeException {
        public NotYours(String why) {
            super(why);
        }
    }

    /** The result of a connection test, as shown to the person and written to the sync log. */
    public record TestResult(boolean ok, long latencyMs, int code, String fault) {
    }

    @Inject
    ObjectMapper json;
    @Inject
    ModelhouseClock clock;
    @Inject
    SimulatedEndpoint endpoint;

    @Transactional
    public Optional<WorkspaceItem> postMessage(Actor who, String channelKey, String text) {
        return keyed("channel", channelKey).map(channel -> {
            WorkspaceItem m = item("message", channel.id, who);
            m.title = "";
            m.body = text;
            m.persist();
            return m;
        });
    }

    @Transactional
    public Optional<WorkspaceItem> startApproval(Actor who, String flowKey, String title, BigDecimal amount) {
        return keyed("approval_flow", flowKey).map(flow -> {
            WorkspaceItem r = item("approval_request", flow.id, who);
            r.title = title;
            r.amount = amount;
            r.status = "pending";
            r.persist();
            return r;
        });
    }

    /** The roles a flow's steps name, in order (steps given as an org unit have no role to wait for). */
    public List<String> stepRoles(WorkspaceItem flow) {
        List<String> roles = new ArrayList<>();
        for (JsonNode step : tree(flow.data).path("steps")) {
            if (step.hasNonNull("role")) {
                roles.add(step.get("role").asText());
            }
        }
        return roles;
    }

    /** The key of the flow a request belongs to. */
    public String flowKey(WorkspaceItem request) {
        return WorkspaceItem.<WorkspaceItem> findByIdOptional(request.parentId).map(f -> f.itemKey).orElse("");
    }

    /** The roles of the request's flow that approved it so far. */
    public List<String> approvedBy(WorkspaceItem request) {
        List<String> roles = new ArrayList<>();
        for (JsonNode d : tree(request.data).path("decisions")) {
            if ("approved".equals(d.path("decision").asText())) {
                roles.add(d.path("role").asText());
            }
        }
        return roles;
    }

    /** Whether a person of this role may decide the request now: it is pending and waits for their role. */
    public boolean waitsFor(WorkspaceItem flow, WorkspaceItem request, String roleKey) {
        return "pending".equals(request.status) && stepRoles(flow).contains(roleKey)
                && !approvedBy(request).contains(roleKey);
    }

    /**
     * Approve or reject a pending request waiting for the person's role (every role of the flow
     * signs; a rejection ends it, the last approval approves it). The comment is kept with the
     * decision. Empty when there is no such request here; {@link NotYours} when it is not theirs to decide.
     */
    @Transactional
    public Optional<WorkspaceItem> decide(Actor who, UUID requestId, boolean approve, String comment) {
        Optional<WorkspaceItem> found = WorkspaceItem.<WorkspaceItem> findByIdOptional(requestId)
                .filter(r -> "approval_request".equals(r.kind));
        found.ifPresent(request -> {
            WorkspaceItem flow = WorkspaceItem.findById(request.parentId);
            if (!waitsFor(flow, request, who.roleKey())) {
                throw new NotYours(request.status);
            }
            ObjectNode data = tree(request.data);
            ArrayNode decisions = data.withArray("decisions");
            ObjectNode d = decisions.addObject();
            d.put("role", who.roleKey());
            d.put("by", who.name());
            d.put("decision", approve ? "approved" : "rejected");
            d.put("comment", comment == null ? "" : comment);
            d.put("at", clock.now().toString());
            request.data = text(data);
            request.changedAt = clock.now();
            if (!approve) {
                request.status = "rejected";
            } else if (approvedBy(request).containsAll(stepRoles(flow))) {
                request.status = "approved";
            }
        });
        return found;
    }

    @Transactional
    public WorkspaceItem createTask(Actor who, String title, String roleKey, Instant due) {
        WorkspaceItem t = item("task", null, who);
        t.title = title;
        t.status = "open";
        t.occursAt = due;
        t.memberId = seatOf(roleKey);
        ObjectNode data = json.createObjectNode();
        data.put("role", roleKey);
        data.put("by", who.name());
        t.data = text(data);
        t.persist();
        return t;
    }

    @Transactional
    public Optional<WorkspaceItem> assignTask(UUID taskId, String roleKey) {
        Optional<WorkspaceItem> task = task(taskId);
        task.ifPresent(t -> {
            t.memberId = seatOf(roleKey);
            ObjectNode data = tree(t.data);
            data.put("role", roleKey);
            t.data = text(data);
            t.changedAt = clock.now();
        });
        return task;
    }

    @Transactional
    public Optional<WorkspaceItem> completeTask(UUID taskId) {
        Optional<WorkspaceItem> task = task(taskId);
        task.ifPresent(t -> {
            t.status = "done";
            t.changedAt = clock.now();
        });
        return task;
    }

    /** Marks an announcement read by this person (each person has their own read state). */
    @Transactional
    public Optional<WorkspaceItem> markRead(Actor who, UUID announcementId) {
        Optional<WorkspaceItem> found = WorkspaceItem.<WorkspaceItem> findByIdOptional(announcementId)
                .filter(a -> "announcement".equals(a.kind));
        found.ifPresent(a -> {
            ObjectNode data = tree(a.data);
            ArrayNode readBy = data.withArray("readBy");
            for (JsonNode n : readBy) {
                if (n.asText().equals(who.accountId().toString())) {
                    return;
                }
            }
            readBy.add(who.accountId().toString());
            a.data = text(data);
        });
        return found;
    }

    public boolean readBy(WorkspaceItem announcement, UUID accountId) {
        for (JsonNode n : tree(announcement.data).path("readBy")) {
            if (n.asText().equals(accountId.toString())) {
                return true;
            }
        }
        return false;
    }

    /** An integration's settings as the form shows them (flat, in their declared order). */
    public Map<String, String> settings(WorkspaceItem integration) {
        Map<String, String> out = new LinkedHashMap<>();
        tree(integration.data).path("settings").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    public Optional<WorkspaceItem> integration(String key) {
        return keyed("integration", key);
    }

    /**
     * New values for an integration's existing settings (others are ignored); a number or a yes/no
     * stays one when the new value reads as one.
     */
    @Transactional
    public Optional<WorkspaceItem> configure(String key, Map<String, String> values) {
        Optional<WorkspaceItem> found = keyed("integration", key);
        found.ifPresent(i -> {
            ObjectNode data = tree(i.data);
            ObjectNode settings = data.with("settings");
            for (var e : values.entrySet()) {
                JsonNode old = settings.get(e.getKey());
                if (old == null) {
                    continue;
                }
                String v = e.getValue().strip();
                if (old.isNumber() && v.matches("-?\\d+(\\.\\d+)?")) {
                    settings.put(e.getKey(), new BigDecimal(v));
                } else if (old.isBoolean() && (v.equals("true") || v.equals("false"))) {
                    settings.put(e.getKey(), Boolean.parseBoolean(v));
                } else {
                    settings.put(e.getKey(), v);
                }
            }
            i.data = text(data);
            i.changedAt = clock.now();
        });
        return found;
    }

    /**
     * Tests the connection against the simulated endpoint with the integration's current settings
     * and writes the outcome as a new line of its sync log (in both languages).
     */
    @Transactional
    public Optional<TestResult> test(TemplateBundle.Integration declared,
            java.util.function.Function<TestResult, String[]> lines) {
        Optional<WorkspaceItem> found = keyed("integration", declared.key());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        WorkspaceItem i = found.get();
        long start = System.nanoTime();
        SimulatedEndpoint.Answer answer = endpoint.exchange(declared, settings(i));
        long ms = (System.nanoTime() - start) / 1_000_000;
        TestResult result = new TestResult(answer.ok(), ms, answer.code(), answer.fault());
        String[] text = lines.apply(result);
        WorkspaceItem log = item("sync_log", i.id, null);
        log.memberId = null;
        log.title = text[0];
        log.body = text[1];
        log.status = answer.ok() ? "ok" : "error";
        log.persist();
        i.status = answer.ok() ? "configured" : "failing";
        return Optional.of(result);
    }

    private Optional<WorkspaceItem> task(UUID id) {
        return WorkspaceItem.<WorkspaceItem> findByIdOptional(id).filter(t -> "task".equals(t.kind));
    }

    private Optional<WorkspaceItem> keyed(String kind, String key) {
        return WorkspaceItem.<WorkspaceItem> find("kind = ?1 and itemKey = ?2", kind, key).firstResultOptional();
    }

    /** The member who holds a role's seat in the org chart (the first, in chart order), if any. */
    private UUID seatOf(String roleKey) {
        return Member.<Member> find("roleKey", Sort.ascending("sortOrder"), roleKey).firstResultOptional().map(m -> m.id)
                .orElse(null);
    }

    private WorkspaceItem item(String kind, UUID parent, Actor who) {
        WorkspaceItem i = new WorkspaceItem();
        i.id = UUID.randomUUID();
        i.parentId = parent;
        i.kind = kind;
        i.occursAt = clock.now();
        i.createdAt = i.occursAt;
        i.memberId = who == null ? null : who.memberId();
        i.origin = "prospect";
        ObjectNode data = json.createObjectNode();
        if (who != null) {
            data.put("by", who.name());
        }
        i.data = text(data);
        return i;
    }

    private ObjectNode tree(String text) {
        return JsonColumns.object(json, text);
    }

    private String text(JsonNode n) {
        return JsonColumns.text(json, n);
    }
}
