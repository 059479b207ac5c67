package io.modelhouse.portal;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.modelhouse.common.Paging;
import io.modelhouse.identity.AccountService;
import io.modelhouse.identity.Prospect;
import io.modelhouse.identity.ProspectResolver;
import io.modelhouse.tenant.CreateTenantRequest;
import io.modelhouse.usage.UsageEvent;
import io.modelhouse.usage.UsageService;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;

/** The prospect's API: everything is about the caller's own tenant, named by their token. */
@Path("/api/portal")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Blocking
public class PortalResource {

    @Inject
    ProspectResolver prospects;
    @Inject
    PortalService portal;
    @Inject
    AccountService accounts;
    @Inject
    UsageService usage;

    @GET
    @Path("me")
    public PortalView.Me me() {
        return portal.me(prospects.requireReadable());
    }

    @GET
    @Path("org-units")
    public List<PortalView.OrgUnitView> orgUnits(@QueryParam("members") Boolean members) {
        prospects.requireReadable();
        return portal.orgUnits(members == null || members);
    }

    @POST
    @Path("invitations")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Invited; the password goes to the colleague by mail", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PortalView.Invited.class)))
    public Response invite(
            @NotNull(message = "send a JSON body") @Valid CreateTenantRequest.Contact colleague) {
        Prospect p = prospects.require();
        var invited = accounts.invite(p.tenant().id, colleague, "prospect:" + p.account().username);
        portal.forgetNumbers(p.tenant().id);
        usage.capture(actor(p), "invite_sent", "invite", invited.account().roleKey);
        // the password goes to the colleague by mail, never to the inviter
        return Response.status(201).entity(new PortalView.Invited(invited.account().username, invited.account().email,
                invited.account().roleKey)).build();
    }

    @GET
    @Path("records")
    public PortalView.RecordPage records(@QueryParam("type") String type, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        prospects.requireReadable();
        Paging paging = Paging.of(page, size, 50);
        return portal.records(type, paging.page(), paging.size());
    }

    /**
     * What the prospect's own page saw them do. Recorded against the caller's tenant, account and
     * role from the token; a tenant named in the body is ignored. 202 once committed.
     */
    @POST
    @Path("events")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "Committed: every event of the call is recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UsageService.Accepted.class)))
    public Response events(
            @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, implementation = UsageService.ClientEvent.class))) String body) {
        Prospect p = prospects.requireRecent();
        return Response.accepted(usage.acceptJson(actor(p), body)).build();
    }

    static UsageEvent.Actor actor(Prospect p) {
        return new UsageEvent.Actor(p.tenant().id, p.account().id, p.account().roleKey);
    }
}
