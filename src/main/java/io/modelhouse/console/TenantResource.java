package io.modelhouse.console;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Paging;
import io.modelhouse.common.StaffIdentity;
import io.modelhouse.identity.AccountService;
import io.modelhouse.identity.AccountStore;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.lifecycle.TenantLifecycle;
import io.modelhouse.lifecycle.TenantPurger;
import io.modelhouse.lifecycle.conversion.OrgChartCsv;
import io.modelhouse.lifecycle.conversion.TenantConversion;
import io.modelhouse.lifecycle.conversion.TenantExport;
import io.modelhouse.provisioning.TenantProvisioner;
import io.modelhouse.tenant.CreateTenantRequest;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantService;
import io.modelhouse.tenant.TenantView;
import io.modelhouse.usage.UsageCatalogue;
import io.modelhouse.usage.UsageService;
import io.smallrye.common.annotation.Blocking;

/** Model houses as pre-sales and admins handle them. */
@Path("/api/tenants")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ "admin", "presales" })
@Blocking
public class TenantResource {

    @Inject
    io.modelhouse.followup.EngagementService engagement;
    @Inject
    io.modelhouse.followup.FollowUpService followUps;
    @Inject
    TenantProvisioner provisioner;
    @Inject
    TenantLifecycle lifecycle;
    @Inject
    TenantConversion conversion;
    @Inject
    TenantExport export;
    @Inject
    TenantPurger purger;
    @Inject
    TenantService tenants;
    @Inject
    AccountService accounts;
    @Inject
    AccountStore accountStore;
    @Inject
    StaffIdentity staff;
    @Inject
    UsageService usage;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created; each account's initialPassword appears here, once", headers = @Header(name = "Location", description = "The new tenant", required = true, schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantView.class)))
    @APIResponse(responseCode = "200", description = "The same Idempotency-Key and body as before: that tenant again", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantView.class)))
    public Response create(@NotNull(message = "send a JSON body") @Valid CreateTenantRequest request,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        var created = provisioner.create(request, blankToNull(idempotencyKey), staff.name());
        return Response.status(created.replayed() ? 200 : 201)
                .header("Location", "/api/tenants/" + created.tenant().id())
                .entity(created.tenant()).build();
    }

    @GET
    @Path("{id}")
    public TenantView get(@PathParam("id") String id) {
        return view(tenants.require(parse(id)));
    }

    @GET
    public TenantView.Page list(@QueryParam("state") String state, @QueryParam("templateKey") String templateKey,
            @QueryParam("q") String q, @QueryParam("page") String page, @QueryParam("size") String size) {
        Paging paging = Paging.of(page, size, 20);
        var found = tenants.search(new TenantService.Filter(state, templateKey, q, null), paging.page(), paging.size());
        return new TenantView.Page(found.items().stream().map(this::view).toList(), paging.page(), paging.size(),
                found.total());
    }

    @POST
    @Path("{id}/reset")
    public TenantView reset(@PathParam("id") String id, @QueryParam("mode") String mode) {
        TenantLifecycle.ResetMode m;
        try {
            m = mode == null || mode.isBlank() ? TenantLifecycle.ResetMode.PRISTINE
                    : TenantLifecycle.ResetMode.valueOf(mode.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("Unknown reset mode",
                    List.of(ApiProblem.FieldError.of("mode", "use pristine or refresh")));
        }
        return view(lifecycle.reset(parse(id), m, staff.name()));
    }

    @POST
    @Path("{id}/extend")
    @Consumes(MediaType.APPLICATION_JSON)
    public TenantView extend(@PathParam("id") String id, @NotNull(message = "send {\"days\": n}") @Valid ExtendRequest body) {
        return view(lifecycle.extend(parse(id), body.days(), staff.name()));
    }

    @POST
    @Path("{id}/expire")
    public TenantView expire(@PathParam("id") String id) {
        return view(lifecycle.expire(parse(id), staff.name()));
    }

    /** The trial became a deal: {@code CONVERTED}, never expired or purged by the clock. */
    @POST
    @Path("{id}/convert")
    public TenantView convert(@PathParam("id") String id) {
        return view(lifecycle.convert(parse(id), staff.name()));
    }

    /** The rows the prospect made or changed, as a zip streamed from a database cursor. */
    @GET
    @Path("{id}/export")
    @Produces("application/zip")
    @APIResponse(responseCode = "200", description = "A zip: per table a CSV and a JSON of the prospect's rows, integrations.json, manifest.json", content = @Content(mediaType = "application/zip"))
    public Response export(@PathParam("id") String id, @QueryParam("origin") String origin) {
        UUID tenant = parse(id);
        if (origin != null && !origin.isBlank() && !origin.trim().equals("prospect")) {
            throw ApiProblem.invalid("Only the prospect's rows can be exported",
                    List.of(ApiProblem.FieldError.of("origin", "use prospect (the template's rows never leave)")));
        }
        return zip(export, tenant, staff.name());
    }

    /** The export's zip as a download, for this API and the console's button (404 before the stream starts). */
    static Response zip(TenantExport export, UUID tenant, String actor) {
        export.check(tenant);
        jakarta.ws.rs.core.StreamingOutput body = out -> export.write(tenant, out, actor);
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + export.fileName(tenant) + "\"").build();
    }

    /**
     * Move-in: the customer's org chart (CSV: department path, name, position, mail) replaces the
     * template's people; seed records and messages go; the configuration and the prospect's rows stay.
     */
    @POST
    @Path("{id}/move-in")
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN })
    public TenantConversion.MoveIn moveIn(@PathParam("id") String id, byte[] csv) {
        return conversion.moveIn(parse(id), OrgChartCsv.decode(csv), staff.name());
    }

    @DELETE
    @Path("{id}")
    public TenantView purge(@PathParam("id") String id) {
        UUID tenant = tenants.require(parse(id)).id;
        purger.purge(tenant, staff.name());
        return view(tenants.require(tenant));
    }

    @POST
    @Path("{id}/accounts")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Invited; the password appears here, once", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantView.Account.class)))
    public Response addAccount(@PathParam("id") String id,
            @NotNull(message = "send a JSON body") @Valid CreateTenantRequest.Contact contact) {
        var invited = accounts.invite(parse(id), contact, staff.name());
        var a = invited.account();
        return Response.status(201).entity(new TenantView.Account(a.email, a.username, a.name, a.roleKey, a.state.name(), null,
                invited.password())).build();
    }

    @POST
    @Path("{id}/accounts/{username}/disable")
    public TenantView.Account disable(@PathParam("id") String id, @PathParam("username") String username) {
        return account(accounts.setEnabled(parse(id), username, false, staff.name()));
    }

    @POST
    @Path("{id}/accounts/{username}/enable")
    public TenantView.Account enable(@PathParam("id") String id, @PathParam("username") String username) {
        return account(accounts.setEnabled(parse(id), username, true, staff.name()));
    }

    @DELETE
    @Path("{id}/accounts/{username}")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response removeAccount(@PathParam("id") String id, @PathParam("username") String username) {
        accounts.remove(parse(id), username, staff.name());
        return Response.noContent().build();
    }

    /** What the tenant's people did, newest first; {@code cursor} is the {@code nextCursor} of the page before. */
    @GET
    @Path("{id}/events")
    public UsageService.EventPage events(@PathParam("id") String id, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("person") String person, @QueryParam("type") String type,
            @QueryParam("cursor") String cursor, @QueryParam("size") String size) {
        UUID tenant = tenants.require(parse(id)).id;
        List<ApiProblem.FieldError> errors = new java.util.ArrayList<>();
        var filter = new UsageService.Filter(instant("from", from, errors), instant("to", to, errors),
                person(person, errors), blankToNull(type));
        if (filter.type() != null && !UsageCatalogue.knownType(filter.type())) {
            errors.add(ApiProblem.FieldError.of("type", "use one of " + UsageCatalogue.TYPES.keySet()));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The filter is not valid", errors);
        }
        return usage.events(tenant, filter, blankToNull(cursor), Paging.of(null, size, 50).size());
    }

    /**
     * How engaged the model house is: a score and its five components (activity, breadth, depth,
     * decision-chain coverage, value moments), per person too (src/site/markdown/engagement.md).
     */
    /** {@code PUT /api/tenants/{id}/sales-stage}: a stage, or null to let the signals decide again. */
    public record StageRequest(String salesStage) {
    }

    /** The stage a deal is at now. */
    public record StageView(UUID tenantId, String salesStage, boolean setByPresales) {
    }

    @PUT
    @Path("{id}/sales-stage")
    @Consumes(MediaType.APPLICATION_JSON)
    public StageView salesStage(@PathParam("id") String id,
            @NotNull(message = "send {\"salesStage\": \"bidding\"}") StageRequest body) {
        UUID tenant = parse(id);
        String now = followUps.setStage(tenant, body.salesStage());
        return new StageView(tenant, now, body.salesStage() != null && !body.salesStage().isBlank());
    }

    @GET
    @Path("{id}/engagement")
    public io.modelhouse.followup.EngagementService.View engagement(@PathParam("id") String id) {
        return engagement.of(tenants.require(parse(id)).id);
    }

    /** The rollup per day, person, role and feature, and the tenant's summary (never the raw events). */
    @GET
    @Path("{id}/usage")
    public UsageService.Usage usage(@PathParam("id") String id) {
        return usage.usage(tenants.require(parse(id)).id);
    }

    private static java.time.Instant instant(String name, String raw, List<ApiProblem.FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(raw.trim()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            errors.add(ApiProblem.FieldError.of(name, "use an ISO-8601 time with its offset, like 2026-12-01T09:00:00+08:00"));
            return null;
        }
    }

    private UUID person(String raw, List<ApiProblem.FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(raw.trim());
        } catch (IllegalArgumentException e) {
            errors.add(ApiProblem.FieldError.of("person", "use the person's account id (a UUID, as in the events)"));
            return null;
        }
    }

    private TenantView view(Tenant t) {
        return accountStore.view(t, Map.of());
    }

    private static TenantView.Account account(TrialAccount a) {
        return new TenantView.Account(a.email, a.username, a.name, a.roleKey, a.state.name(), null, null);
    }

    private static UUID parse(String id) {
        return io.modelhouse.common.Ids.require(id, "Tenant");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
