package io.modelhouse.portal;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.modelhouse.identity.Prospect;
import io.modelhouse.identity.ProspectResolver;
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
    io.modelhouse.identity.AccountService accounts;

    @GET
    @Path("me")
    public PortalView.Me me() {
        return portal.me(prospects.require());
    }

    @GET
    @Path("org-units")
    public List<PortalView.OrgUnitView> orgUnits(@QueryParam("members") Boolean members) {
        prospects.require();
        return portal.orgUnits(members == null || members);
    }

    @jakarta.ws.rs.POST
    @Path("invitations")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    public jakarta.ws.rs.core.Response invite(
            @jakarta.validation.constraints.NotNull(message = "send a JSON body") @jakarta.validation.Valid io.modelhouse.tenant.CreateTenantRequest.Contact colleague) {
        Prospect p = prospects.require();
        var invited = accounts.invite(p.tenant().id, colleague, "prospect:" + p.account().username);
        // the password goes to the colleague by mail, never to the inviter
        return jakarta.ws.rs.core.Response.status(201).entity(java.util.Map.of("username", invited.account().username,
                "email", invited.account().email, "role", invited.account().roleKey)).build();
    }

    @GET
    @Path("records")
    public PortalView.RecordPage records(@QueryParam("type") String type, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        prospects.require();
        int p = page == null ? 0 : Math.max(page, 0);
        int s = size == null ? 50 : Math.min(Math.max(size, 1), 200);
        return portal.records(type, p, s);
    }
}
