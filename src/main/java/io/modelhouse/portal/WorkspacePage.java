package io.modelhouse.portal;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.modelhouse.common.FormFields;
import io.modelhouse.common.FormPost;
import io.modelhouse.common.PageLocale;
import io.modelhouse.common.WorkMessages;
import io.modelhouse.identity.Prospect;
import io.modelhouse.identity.ProspectResolver;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateService;
import io.modelhouse.usage.UsageService;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;

/**
 * The workspace's actions, each a form on the portal page: post a message, start or decide an
 * approval, create, reassign or complete a task, mark an announcement read, change an
 * integration's settings and test its connection. Each is a usage event (recorded before the
 * redirect, so the scenario panel already counts it). A key or id not of the prospect's own tenant
 * is 404; a form with a bad value comes back with the error at that form.
 */
@Path("/portal")
@Authenticated
@Blocking
public class WorkspacePage {

    public record NewMessage(@NotBlank @Size(max = 1000) String text) {
    }

    public record NewRequest(@NotBlank @Size(max = 200) String title,
            @NotNull @DecimalMin("0") @DecimalMax("100000000") BigDecimal amount) {
    }

    public record Decision(@NotNull Boolean approve, @Size(max = 500) String comment) {
    }

    public record NewTask(@NotBlank @Size(max = 200) String title, @NotBlank String role, @NotNull LocalDate due) {
    }

    @Inject
    ProspectResolver prospects;
    @Inject
    WorkspaceActions actions;
    @Inject
    TemplateService templates;
    @Inject
    UsageService usage;
    @Inject
    Validator validator;

    @POST
    @FormPost
    @Path("channels/{key}/messages")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(@PathParam("key") String key, @RestForm String text) {
        Prospect p = prospects.require();
        var form = new NewMessage(text == null ? null : text.strip());
        if (!valid(form)) {
            return back("channels", "invalid=channel-" + key, "channel-" + key);
        }
        actions.postMessage(actor(p), key, form.text()).orElseThrow(NotFoundException::new);
        recorded(p, "message_posted", "channels." + key, key);
        return back("channels", "done=posted", "channel-" + key);
    }

    @POST
    @FormPost
    @Path("approvals/{flow}/requests")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response start(@PathParam("flow") String flow, @RestForm String title, @RestForm String amount) {
        Prospect p = prospects.require();
        var form = new NewRequest(title == null ? null : title.strip(), money(amount));
        if (!valid(form)) {
            return back("approvals", "invalid=flow-" + flow, "flow-" + flow);
        }
        actions.startApproval(actor(p), flow, form.title(), form.amount()).orElseThrow(NotFoundException::new);
        recorded(p, "approval_started", "approvals." + flow, null);
        return back("approvals", "done=started", "flow-" + flow);
    }

    @POST
    @FormPost
    @Path("approvals/requests/{id}/decision")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@PathParam("id") String id, @RestForm String decision, @RestForm String comment) {
        Prospect p = prospects.require();
        UUID requestId = uuid(id);
        var form = new Decision("approve".equals(decision) ? Boolean.TRUE : "reject".equals(decision) ? Boolean.FALSE : null,
                comment == null ? "" : comment.strip());
        if (!valid(form)) {
            return back("approvals", "invalid=item-" + id, "item-" + id);
        }
        try {
            var request = actions.decide(actor(p), requestId, form.approve(), form.comment())
                    .orElseThrow(NotFoundException::new);
            String flowKey = actions.flowKey(request);
            recorded(p, "approval_decided", "approvals." + flowKey,
                    form.approve() ? "approved" : "rejected");
            return back("approvals", "done=decided", "item-" + id);
        } catch (WorkspaceActions.NotYours e) {
            return back("approvals", "done=not_yours", "item-" + id);
        }
    }

    @POST
    @FormPost
    @Path("tasks")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createTask(@RestForm String title, @RestForm String role, @RestForm String due) {
        Prospect p = prospects.require();
        TemplateBundle bundle = templates.bundleOf(p.tenant().templateVersionId);
        var form = new NewTask(title == null ? null : title.strip(), bundle.role(role) == null ? null : role, day(due));
        if (!valid(form)) {
            return back("tasks", "invalid=new-task", "new-task");
        }
        // due at the end of the working day, in the company's time zone
        var at = form.due().atTime(LocalTime.of(18, 0)).atZone(ZoneId.of(p.tenant().timeZone)).toInstant();
        actions.createTask(actor(p), form.title(), form.role(), at);
        recorded(p, "task_created", "tasks", form.role());
        return back("tasks", "done=task_created", "new-task");
    }

    @POST
    @FormPost
    @Path("tasks/{id}/assignee")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response assign(@PathParam("id") String id, @RestForm String role) {
        Prospect p = prospects.require();
        UUID taskId = uuid(id);
        TemplateBundle bundle = templates.bundleOf(p.tenant().templateVersionId);
        if (bundle.role(role) == null) {
            return back("tasks", "invalid=item-" + id, "item-" + id);
        }
        actions.assignTask(taskId, role).orElseThrow(NotFoundException::new);
        recorded(p, "task_assigned", "tasks", role);
        return back("tasks", "done=task_assigned", "item-" + id);
    }

    @POST
    @FormPost
    @Path("tasks/{id}/done")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response complete(@PathParam("id") String id) {
        Prospect p = prospects.require();
        actions.completeTask(uuid(id)).orElseThrow(NotFoundException::new);
        recorded(p, "task_done", "tasks", null);
        return back("tasks", "done=task_done", "item-" + id);
    }

    @POST
    @FormPost
    @Path("announcements/{id}/read")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response read(@PathParam("id") String id) {
        Prospect p = prospects.require();
        actions.markRead(actor(p), uuid(id)).orElseThrow(NotFoundException::new);
        recorded(p, "announcement_read", "announcements", id);
        return back("announcements", "done=read", "item-" + id);
    }

    /** New values for the integration's settings: form fields {@code s.<setting>}. */
    @POST
    @FormPost
    @Path("integrations/{key}/settings")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response configure(@PathParam("key") String key, MultivaluedMap<String, String> fields) {
        Prospect p = prospects.require();
        var integration = actions.integration(key).orElseThrow(NotFoundException::new);
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : actions.settings(integration).keySet()) {
            String v = fields.getFirst("s." + name);
            if (v == null || v.isBlank() || v.length() > 200) {
                return back("integrations", "invalid=integration-" + key, "integration-" + key);
            }
            values.put(name, v);
        }
        actions.configure(key, values);
        recorded(p, "integration_configured", "integrations." + key, null);
        return back("integrations", "done=configured", "integration-" + key);
    }

    /** Test connection: the simulated endpoint answers; the outcome is a new sync log line, in both languages. */
    @POST
    @FormPost
    @Path("integrations/{key}/test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response test(@PathParam("key") String key) {
        Prospect p = prospects.require();
        TemplateBundle bundle = templates.bundleOf(p.tenant().templateVersionId);
        TemplateBundle.Integration declared = bundle.integrations().integrations().stream()
                .filter(i -> i.key().equals(key)).findFirst().orElseThrow(NotFoundException::new);
        WorkMessages zh = PageLocale.work(Locale.SIMPLIFIED_CHINESE);
        WorkMessages en = PageLocale.work(Locale.ENGLISH);
        var result = actions.test(declared, r -> new String[] { line(zh, declared, r, Locale.SIMPLIFIED_CHINESE),
                line(en, declared, r, Locale.ENGLISH) }).orElseThrow(NotFoundException::new);
        recorded(p, "integration_tested", "integrations." + key, result.ok() ? "ok" : "failed");
        return back("integrations", "done=tested", "integration-" + key);
    }

    private static String line(WorkMessages m, TemplateBundle.Integration declared, WorkspaceActions.TestResult r,
            Locale locale) {
        if (r.ok()) {
            return m.ws_int_passed(r.latencyMs());
        }
        String why = switch (String.valueOf(r.fault())) {
            case "endpoint" -> m.ws_int_bad_endpoint();
            case "account" -> m.ws_int_bad_account();
            default -> declared.broken() == null ? "" : declared.broken().problem().in(locale);
        };
        return m.ws_int_failed(r.latencyMs(), why);
    }

    /** The action's usage event, committed (its commit has the tenant's signals looked at again: SignalTriggers). */
    private void recorded(Prospect p, String type, String feature, String target) {
        usage.record(PortalResource.actor(p), type, feature, target);
    }

    private static WorkspaceActions.Actor actor(Prospect p) {
        return new WorkspaceActions.Actor(p.account().id, p.account().memberId, p.account().name, p.account().roleKey);
    }

    private <T> boolean valid(T form) {
        Map<String, String> errors = new HashMap<>();
        FormFields.check(validator, form, errors);
        return errors.isEmpty();
    }

    private static Response back(String view, String query, String anchor) {
        return Response.seeOther(URI.create("/portal?view=" + view + "&" + query + "#" + anchor)).build();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException();
        }
    }

    private static BigDecimal money(String text) {
        try {
            return text == null || text.isBlank() ? null : new BigDecimal(text.strip().replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static LocalDate day(String text) {
        try {
            return text == null || text.isBlank() ? null : LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
