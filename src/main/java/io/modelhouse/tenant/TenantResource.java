package io.modelhouse.tenant;

import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.provisioning.TenantLifecycle;
import io.modelhouse.provisioning.TenantProvisioner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.common.annotation.Blocking;

/** Model houses as pre-sales and admins handle them. */
@Path("/api/tenants")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ "admin", "presales" })
@Blocking
public class TenantResource {

    @Inject
    TenantProvisioner provisioner;
    @Inject
    io.modelhouse.provisioning.TenantLifecycle lifecycle;
    @Inject
    io.modelhouse.provisioning.TenantPurger purger;
    @Inject
    io.modelhouse.identity.AccountService accounts;
    @Inject
    io.modelhouse.common.StaffIdentity staff;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
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
        Tenant t = Tenant.findById(parse(id));
        if (t == null) {
            throw ApiProblem.notFound("Tenant " + id);
        }
        return provisioner.view(t, Map.of());
    }

    @GET
    public TenantView.Page list(@QueryParam("state") String state, @QueryParam("templateKey") String templateKey,
            @QueryParam("q") String q, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        StringBuilder where = new StringBuilder("1 = 1");
        var params = new java.util.HashMap<String, Object>();
        if (state != null && !state.isBlank()) {
            try {
                params.put("state", TenantState.valueOf(state.trim().toUpperCase()));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid("Unknown state", java.util.List.of(ApiProblem.FieldError.of("state",
                        "use one of " + java.util.Arrays.toString(TenantState.values()))));
            }
            where.append(" and state = :state");
        }
        if (templateKey != null && !templateKey.isBlank()) {
            where.append(" and templateKey = :templateKey");
            params.put("templateKey", templateKey.trim());
        }
        if (q != null && !q.isBlank()) {
            where.append(" and lower(company) like :q");
            params.put("q", "%" + q.trim().toLowerCase() + "%");
        }
        int p = page == null ? 0 : Math.max(page, 0);
        int s = size == null ? 20 : Math.min(Math.max(size, 1), 200);
        var query = Tenant.<Tenant> find(where.toString(), Sort.descending("createdAt"), params);
        long total = query.count();
        var items = query.page(Page.of(p, s)).list().stream().map(t -> provisioner.view(t, Map.of())).toList();
        return new TenantView.Page(items, p, s, total);
    }

    @POST
    @Path("{id}/reset")
    public TenantView reset(@PathParam("id") String id, @QueryParam("mode") String mode) {
        TenantLifecycle.ResetMode m;
        try {
            m = mode == null || mode.isBlank() ? TenantLifecycle.ResetMode.PRISTINE
                    : TenantLifecycle.ResetMode.valueOf(mode.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("Unknown reset mode", java.util.List.of(ApiProblem.FieldError.of("mode", "use pristine or refresh")));
        }
        return provisioner.view(lifecycle.reset(parse(id), m, staff.name()), Map.of());
    }

    public record Extension(Integer days) {
    }

    @POST
    @Path("{id}/extend")
    @Consumes(MediaType.APPLICATION_JSON)
    public TenantView extend(@PathParam("id") String id, Extension body) {
        if (body == null || body.days() == null) {
            throw ApiProblem.invalid("Days missing", java.util.List.of(ApiProblem.FieldError.of("days", "send {\"days\": n}")));
        }
        return provisioner.view(lifecycle.extend(parse(id), body.days(), staff.name()), Map.of());
    }

    @POST
    @Path("{id}/expire")
    public TenantView expire(@PathParam("id") String id) {
        return provisioner.view(lifecycle.expire(parse(id), staff.name()), Map.of());
    }

    @jakarta.ws.rs.DELETE
    @Path("{id}")
    public TenantView purge(@PathParam("id") String id) {
        UUID tenant = parse(id);
        if (QuarkusTransaction.requiringNew().call(() -> Tenant.findById(tenant)) == null) {
            throw ApiProblem.notFound("Tenant " + id);
        }
        purger.purge(tenant, staff.name());
        return provisioner.view(QuarkusTransaction.requiringNew().call(() -> Tenant.<Tenant> findById(tenant)), Map.of());
    }

    @POST
    @Path("{id}/accounts")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addAccount(@PathParam("id") String id, @NotNull(message = "send a JSON body") @Valid CreateTenantRequest.Contact contact) {
        var invited = accounts.invite(parse(id), contact, staff.name());
        var a = invited.account();
        return Response.status(201).entity(new TenantView.Account(a.email, a.username, a.name, a.roleKey, a.state.name(), null,
                invited.password())).build();
    }

    @POST
    @Path("{id}/accounts/{username}/disable")
    public TenantView.Account disable(@PathParam("id") String id, @PathParam("username") String username) {
        var a = accounts.setEnabled(parse(id), username, false, staff.name());
        return new TenantView.Account(a.email, a.username, a.name, a.roleKey, a.state.name(), null, null);
    }

    @POST
    @Path("{id}/accounts/{username}/enable")
    public TenantView.Account enable(@PathParam("id") String id, @PathParam("username") String username) {
        var a = accounts.setEnabled(parse(id), username, true, staff.name());
        return new TenantView.Account(a.email, a.username, a.name, a.roleKey, a.state.name(), null, null);
    }

    @jakarta.ws.rs.DELETE
    @Path("{id}/accounts/{username}")
    public Response removeAccount(@PathParam("id") String id, @PathParam("username") String username) {
        accounts.remove(parse(id), username, staff.name());
        return Response.noContent().build();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("Tenant " + id);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
