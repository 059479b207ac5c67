package io.modelhouse.admin;

import java.net.URI;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.FollowMessages;
import io.modelhouse.common.FormFields;
import io.modelhouse.common.FormPost;
import io.modelhouse.common.PageLocale;
import io.modelhouse.common.Pages;
import io.modelhouse.common.StaffIdentity;
import io.modelhouse.followup.WebhookService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** CRM webhooks in the console (admin): the endpoints, a test, the dead letters with their errors, re-delivery. */
@Path("/admin/webhooks")
@RolesAllowed("admin")
@Blocking
public class WebhooksPage {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Asia/Shanghai"));

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<Hook> hooks, List<Delivery> dead, List<Delivery> recent, List<String> events,
                Form form, Map<String, String> errors, String message);
    }

    public record Hook(String id, String url, String events, String counts) {
    }

    public record Delivery(String id, String url, String event, String state, int attempts, String when, String lastError) {
    }

    /** What was typed into the add form, shown again when it is refused. */
    public record Form(String url, List<String> events) {
    }

    @Inject
    WebhookService webhooks;
    @Inject
    StaffIdentity staff;
    @Inject
    Validator validator;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response index(@QueryParam("done") String done, @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        return Pages.html(page(new Form("", WebhookService.EVENTS), Map.of(), message(done, PageLocale.follow(locale)), locale),
                locale,
                lang);
    }

    @POST
    @FormPost
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response add(@RestForm String url, @RestForm String secret, @RestForm List<String> events,
            @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(null, headers);
        List<String> chosen = events == null ? List.of() : events;
        var w = new WebhookService.NewWebhook(url == null ? "" : url.trim(), secret == null ? "" : secret, chosen);
        Map<String, String> errors = new HashMap<>();
        FormFields.check(validator, w, errors);
        if (errors.isEmpty()) {
            try {
                webhooks.create(w, staff.name());
                return Response.seeOther(URI.create("/admin/webhooks?done=added")).build();
            } catch (ApiProblem p) {
                if (p.status() != 422) {
                    throw p;
                }
                p.errors().forEach(e -> errors.put(e.path().startsWith("events") ? "events" : e.path(), e.message()));
            }
        }
        return Pages.html(422, page(new Form(url == null ? "" : url, chosen), errors, null, locale), locale, null);
    }

    @POST
    @FormPost
    @Path("{id}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response endpoint(@PathParam("id") UUID id, @PathParam("action") String action) {
        switch (action) {
            case "test" -> webhooks.test(id);
            case "delete" -> webhooks.delete(id);
            default -> throw ApiProblem.notFound("Action '" + action + "'");
        }
        return Response.seeOther(URI.create("/admin/webhooks?done=" + action)).build();
    }

    @POST
    @FormPost
    @Path("deliveries/{id}/redeliver")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response redeliver(@PathParam("id") UUID id) {
        webhooks.redeliver(id);
        return Response.seeOther(URI.create("/admin/webhooks?done=redelivered")).build();
    }

    private TemplateInstance page(Form form, Map<String, String> errors, String message, Locale locale) {
        FollowMessages m = PageLocale.follow(locale);
        List<Hook> hooks = webhooks.list().stream().map(w -> new Hook(w.id().toString(), w.url(), String.join(", ", w.events()),
                m.fu_wh_counts(w.pending(), w.delivered(), w.dead()))).toList();
        return Templates.index(hooks, deliveries("dead", 100), deliveries("", 30), WebhookService.EVENTS, form, errors,
                message);
    }

    private List<Delivery> deliveries(String state, int n) {
        return webhooks.deliveries(state, n).stream().map(d -> new Delivery(d.id().toString(), d.url(), d.event(), d.state(),
                d.attempts(), WHEN.format(d.createdAt()), d.lastError() == null ? "" : d.lastError())).toList();
    }

    private static String message(String done, FollowMessages m) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "added" -> m.fu_wh_added();
            case "test" -> m.fu_wh_tested();
            case "delete" -> m.fu_wh_deleted();
            case "redelivered" -> m.fu_wh_redelivered();
            default -> null;
        };
    }
}
