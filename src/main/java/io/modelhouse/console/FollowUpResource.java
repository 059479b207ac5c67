package io.modelhouse.console;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Ids;
import io.modelhouse.common.PageLocale;
import io.modelhouse.common.StaffIdentity;
import io.modelhouse.followup.FollowUpService;
import io.smallrye.common.annotation.Blocking;

/**
 * The follow-up queue as an API: ranked tasks, complete, snooze (the deal's sales stage is a tenant's: TenantResource). Texts
 * come in the language asked for (Accept-Language or ?lang=), zh-CN by default.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ "admin", "presales" })
@Blocking
public class FollowUpResource {

    @Inject
    FollowUpService followUps;
    @Inject
    StaffIdentity staff;

    /** @param owner a tenant owner's mail or username, "me" for the caller's, empty for everybody's */
    @GET
    @Path("follow-ups")
    public List<FollowUpService.Task> list(@QueryParam("owner") String owner, @QueryParam("state") String state,
            @QueryParam("tenantId") String tenantId, @QueryParam("templateKey") String templateKey,
            @QueryParam("limit") String limit, @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        int n = 100;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 500) {
                throw ApiProblem.invalid("limit must be 1–500",
                        List.of(ApiProblem.FieldError.of("limit", "a number from 1 to 500")));
            }
        }
        return followUps.queue(ownerOf(owner), state, Ids.optional(tenantId, "tenantId"), templateKey, n,
                PageLocale.resolve(lang, headers));
    }

    @GET
    @Path("follow-ups/{id}")
    public FollowUpService.Task get(@PathParam("id") String id, @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return followUps.get(Ids.require(id, "Follow-up"), PageLocale.resolve(lang, headers));
    }

    @POST
    @Path("follow-ups/{id}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    public FollowUpService.Task complete(@PathParam("id") String id,
            @NotNull(message = "send {\"outcome\": \"what came of it\"}") @Valid FollowUpService.Complete body,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return followUps.complete(Ids.require(id, "Follow-up"), body, staff.name(), PageLocale.resolve(lang, headers));
    }

    @POST
    @Path("follow-ups/{id}/snooze")
    @Consumes(MediaType.APPLICATION_JSON)
    public FollowUpService.Task snooze(@PathParam("id") String id,
            @NotNull(message = "send {\"until\": \"2026-12-05T09:00:00Z\"}") @Valid FollowUpService.Snooze body,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return followUps.snooze(Ids.require(id, "Follow-up"), body, PageLocale.resolve(lang, headers));
    }

    private String ownerOf(String owner) {
        if (owner == null || owner.isBlank()) {
            return null;
        }
        return owner.trim().equals("me") ? staff.name() : owner.trim();
    }
}
