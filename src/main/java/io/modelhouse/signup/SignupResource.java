package io.modelhouse.signup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
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
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.modelhouse.common.Ids;
import io.modelhouse.common.PageLocale;
import io.modelhouse.common.StaffIdentity;
import io.modelhouse.lifecycle.signup.SignupRequest;
import io.modelhouse.lifecycle.signup.SignupService;
import io.modelhouse.lifecycle.signup.TrialRequest;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code /api/trial-requests}: the public request a marketing site's form sends (same rules as the
 * page), and the requests as pre-sales decide them.
 */
@Path("/api/trial-requests")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class SignupResource {

    /** A request as pre-sales see it. */
    public record RequestView(UUID id, String state, String company, String name, String email, String phone,
            String templateKey, String companySize, String role, String reason, UUID tenantId, String owner,
            Instant createdAt, Instant verifiedAt, String decidedBy) {
        static RequestView of(TrialRequest t) {
            return new RequestView(t.id, t.state, t.company, t.name, t.email, t.phone, t.templateKey, t.companySize,
                    t.influence, t.reason, t.tenantId, t.owner, t.createdAt, t.verifiedAt, t.decidedBy);
        }
    }

    @Inject
    SignupService signup;
    @Inject
    StaffIdentity staff;

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "A verification mail is on its way")
    public Response request(@NotNull(message = "send a JSON body") @Valid SignupRequest body, @Context HttpHeaders headers,
            @Context HttpServerRequest http) {
        String locale = body.locale() == null || body.locale().isBlank()
                ? PageLocale.tag(PageLocale.resolve(null, headers))
                : body.locale();
        signup.request(body, clientIp(http), locale, false);
        return Response.accepted(Map.of("status", "verification-sent", "email", body.email().strip(),
                "detail", "Open the link in the mail to enter the model house; it works once, within 24 hours")).build();
    }

    @GET
    @RolesAllowed({ "admin", "presales" })
    public List<RequestView> list(@QueryParam("state") String state) {
        return signup.list(state).stream().map(RequestView::of).toList();
    }

    /** Open a request that waited for review: the model house is built and its login mailed. */
    @POST
    @Path("{id}/approve")
    @RolesAllowed({ "admin", "presales" })
    public RequestView approve(@PathParam("id") String id) {
        return RequestView.of(signup.approve(Ids.require(id, "id"), staff.name()));
    }

    /** Add the person to their company's existing model house. */
    @POST
    @Path("{id}/invite")
    @RolesAllowed({ "admin", "presales" })
    public RequestView invite(@PathParam("id") String id) {
        return RequestView.of(signup.invite(Ids.require(id, "id"), staff.name()));
    }

    @POST
    @Path("{id}/refuse")
    @RolesAllowed({ "admin", "presales" })
    public RequestView refuse(@PathParam("id") String id) {
        return RequestView.of(signup.refuse(Ids.require(id, "id"), staff.name()));
    }

    /** The client's address: the connection's, or what a trusted proxy says (quarkus.http.proxy.*). */
    static String clientIp(HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }
}
