package io.modelhouse.console;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Dates;
import io.modelhouse.common.FormPost;
import io.modelhouse.common.PageLocale;
import io.modelhouse.common.Pages;
import io.modelhouse.common.SignupMessages;
import io.modelhouse.common.StaffIdentity;
import io.modelhouse.lifecycle.signup.SignupService;
import io.modelhouse.lifecycle.signup.TrialRequest;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** The console's list of self-service trial requests, and pre-sales' decisions on them. */
@Path("/console/requests")
@RolesAllowed({ "admin", "presales" })
@Blocking
public class RequestsPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<Row> rows, List<Choice> states, String message);
    }

    public record Row(String id, String when, String company, String person, String email, String phone, String template,
            String size, String role, String state, String stateName, String reason, String owner, String tenantId,
            boolean canApprove, boolean canInvite, boolean canRefuse) {
    }

    public record Choice(String value, String label, boolean selected) {
    }

    static final List<String> STATES = List.of(TrialRequest.REVIEW, TrialRequest.JOIN, TrialRequest.UNVERIFIED,
            TrialRequest.BUILDING, TrialRequest.PROVISIONED, TrialRequest.JOINED, TrialRequest.REFUSED);

    @Inject
    SignupService signup;
    @Inject
    StaffIdentity staff;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response list(@QueryParam("state") String state, @QueryParam("done") String done, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        SignupMessages su = PageLocale.signup(locale);
        String wanted = state != null && STATES.contains(state) ? state : null;
        var when = Dates.minutes("Asia/Shanghai");
        List<Row> rows = signup.list(wanted).stream().map(t -> new Row(t.id.toString(), when.format(t.createdAt), t.company,
                t.name, t.email, t.phone, t.templateKey, t.companySize, t.influence, t.state, stateName(su, t.state),
                reason(su, t.reason), t.owner, t.tenantId == null ? null : t.tenantId.toString(),
                TrialRequest.REVIEW.equals(t.state), TrialRequest.JOIN.equals(t.state),
                TrialRequest.REVIEW.equals(t.state) || TrialRequest.JOIN.equals(t.state)))
                .toList();
        List<Choice> states = new java.util.ArrayList<>();
        states.add(new Choice("", su.su_filter_all(), wanted == null));
        STATES.forEach(s -> states.add(new Choice(s, stateName(su, s), s.equals(wanted))));
        String message = done == null ? null : switch (done) {
            case "approve" -> su.su_done_approved();
            case "invite" -> su.su_done_invited();
            case "refuse" -> su.su_done_refused();
            default -> null;
        };
        return Pages.html(Templates.list(rows, states, message), locale, lang);
    }

    @POST
    @FormPost
    @Path("{id}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@PathParam("id") UUID id, @PathParam("action") String action) {
        switch (action) {
            case "approve" -> signup.approve(id, staff.name());
            case "invite" -> signup.invite(id, staff.name());
            case "refuse" -> signup.refuse(id, staff.name());
            default -> throw ApiProblem.notFound("Action '" + action + "'");
        }
        return Response.seeOther(URI.create("/console/requests?done=" + action)).build();
    }

    static String stateName(SignupMessages su, String state) {
        return switch (state) {
            case TrialRequest.UNVERIFIED -> su.su_state_unverified();
            case TrialRequest.BUILDING -> su.su_state_building();
            case TrialRequest.REVIEW -> su.su_state_review();
            case TrialRequest.JOIN -> su.su_state_join();
            case TrialRequest.PROVISIONED -> su.su_state_provisioned();
            case TrialRequest.JOINED -> su.su_state_joined();
            case TrialRequest.REFUSED -> su.su_state_refused();
            default -> state;
        };
    }

    static String reason(SignupMessages su, String reason) {
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case "free_mail" -> su.su_reason_free_mail();
            case "template_review" -> su.su_reason_template_review();
            case "company_has_trial" -> su.su_reason_company_has_trial();
            case "domain_limit" -> su.su_reason_domain_limit();
            case "failed" -> su.su_reason_failed();
            default -> reason;
        };
    }
}
