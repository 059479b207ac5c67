package io.modelhouse.admin;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Ids;
import io.modelhouse.common.StaffIdentity;
import io.modelhouse.followup.WebhookService;
import io.smallrye.common.annotation.Blocking;

/** CRM webhooks (admin): add, list, remove, fire a test; the deliveries and their dead letters. */
@Path("/api/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Blocking
public class WebhookResource {

    @Inject
    WebhookService webhooks;
    @Inject
    StaffIdentity staff;

    /** The answer of a test: the delivery's id, its X-Modelhouse-Delivery. */
    public record Queued(UUID delivery) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Added; its secret is never shown again", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookService.WebhookView.class)))
    public Response create(@NotNull(message = "send {\"url\", \"secret\", \"events\"}") @Valid WebhookService.NewWebhook body) {
        WebhookService.WebhookView w = webhooks.create(body, staff.name());
        return Response.status(201).header("Location", "/api/webhooks/" + w.id()).entity(w).build();
    }

    @GET
    public List<WebhookService.WebhookView> list() {
        return webhooks.list();
    }

    @DELETE
    @Path("{id}")
    @APIResponse(responseCode = "204", description = "Removed, with its deliveries")
    public Response delete(@PathParam("id") String id) {
        webhooks.delete(Ids.require(id, "Webhook"));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/test")
    @APIResponse(responseCode = "202", description = "A webhook.test delivery is queued", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Queued.class)))
    public Response test(@PathParam("id") String id) {
        UUID delivery = webhooks.test(Ids.require(id, "Webhook"));
        return Response.accepted(new Queued(delivery)).build();
    }

    /** @param state pending, delivered or dead; empty for all */
    @GET
    @Path("deliveries")
    public List<WebhookService.DeliveryView> deliveries(@QueryParam("state") String state) {
        if (state != null && !state.isBlank() && !List.of("pending", "delivered", "dead").contains(state)) {
            throw ApiProblem.invalid("state must be pending, delivered or dead",
                    List.of(ApiProblem.FieldError.of("state", "'" + state + "' is not a delivery state")));
        }
        return webhooks.deliveries(state, 200);
    }

    @POST
    @Path("deliveries/{id}/redeliver")
    @APIResponse(responseCode = "202", description = "Queued again, with the same delivery key")
    public Response redeliver(@PathParam("id") String id) {
        webhooks.redeliver(Ids.require(id, "Delivery"));
        return Response.accepted().build();
    }
}
