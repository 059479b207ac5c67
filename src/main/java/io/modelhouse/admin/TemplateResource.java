package io.modelhouse.admin;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.StaffIdentity;
import io.modelhouse.template.BundleSummary;
import io.modelhouse.template.BundleZip;
import io.modelhouse.template.Localized;
import io.modelhouse.template.Template;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateService;
import io.modelhouse.template.TemplateSettings;
import io.modelhouse.template.TemplateVersion;
import io.modelhouse.template.TemplateView;
import io.modelhouse.tenant.TenantService;
import io.modelhouse.tenant.TenantState;
import io.smallrye.common.annotation.Blocking;

/** Templates as staff see them: admins manage, pre-sales read. */
@Path("/api/templates")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Blocking
public class TemplateResource {

    public static final String ZIP = "application/zip";

    @Inject
    TemplateService templates;
    @Inject
    StaffIdentity staff;
    @Inject
    TenantService tenants;

    @GET
    @RolesAllowed({ "admin", "presales" })
    public List<TemplateView.Item> list() {
        List<Template> all = Template.list("order by key");
        return all.stream().map(t -> {
            List<TemplateVersion> versions = TemplateVersion.ofTemplate(t.key);
            return new TemplateView.Item(t.key, t.nameZh, t.nameEn, t.customerType,
                    newest(versions, TemplateVersion.State.PUBLISHED),
                    newest(versions, TemplateVersion.State.DRAFT));
        }).toList();
    }

    @GET
    @Path("{key}")
    @RolesAllowed({ "admin", "presales" })
    public TemplateView.Detail get(@PathParam("key") String key) {
        Template t = Template.findById(key);
        if (t == null) {
            throw ApiProblem.notFound("Template '" + key + "'");
        }
        List<TemplateVersion> versions = TemplateVersion.ofTemplate(key);
        TemplateVersion shown = TemplateVersion.current(key).orElse(versions.isEmpty() ? null : versions.get(0));
        if (shown == null) {
            throw ApiProblem.notFound("A version of template '" + key + "'");
        }
        TemplateBundle bundle = templates.manifest(shown);
        List<TemplateView.Role> roles = bundle.meta().roles().stream()
                .map(r -> new TemplateView.Role(r.key(), r.name(), r.influence(), r.cares())).toList();
        long pooled = tenants.count(key, TenantState.POOLED);
        return new TemplateView.Detail(t.key, t.nameZh, new Localized(t.nameZh, t.nameEn), t.customerType,
                newest(versions, TemplateVersion.State.PUBLISHED), newest(versions, TemplateVersion.State.DRAFT),
                versions.stream().map(TemplateView.Version::of).toList(), roles, BundleSummary.of(bundle),
                new TemplateView.Pool(t.poolSize, pooled), t.trialDaysFor(shown), t.seatLimitFor(shown), shown.timeZone);
    }

    @POST
    @Path("validate")
    @Consumes({ ZIP, MediaType.APPLICATION_OCTET_STREAM })
    public TemplateView.Validation validate(byte[] zip) {
        TemplateBundle bundle = templates.validate(BundleZip.unpack(zip));
        return new TemplateView.Validation(true, bundle.meta().key(), BundleSummary.of(bundle));
    }

    @POST
    @Consumes({ ZIP, MediaType.APPLICATION_OCTET_STREAM })
    @APIResponse(responseCode = "201", description = "Stored as a draft version", headers = @Header(name = "Location", required = true, schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TemplateView.Imported.class)))
    public Response importBundle(byte[] zip) {
        TemplateVersion v = templates.importDraft(BundleZip.unpack(zip), staff.name());
        return Response.status(201).header("Location", "/api/templates/" + v.templateKey)
                .entity(new TemplateView.Imported(v.templateKey, v.version, v.state.name())).build();
    }

    @POST
    @Path("{key}/versions/{version}/publish")
    public TemplateView.Imported publish(@PathParam("key") String key, @PathParam("version") int version) {
        TemplateVersion v = templates.publish(key, version, staff.name());
        return new TemplateView.Imported(v.templateKey, v.version, v.state.name());
    }

    @POST
    @Path("{key}/versions/{version}/retire")
    public TemplateView.Imported retire(@PathParam("key") String key, @PathParam("version") int version) {
        TemplateVersion v = templates.retire(key, version, staff.name());
        return new TemplateView.Imported(v.templateKey, v.version, v.state.name());
    }

    /** {@code PUT /api/templates/{key}/pool}: the warm pool's size. */
    public record PoolSize(
            @NotNull(message = "send {\"size\": n}") @Min(value = 0, message = "pool size must be 0.."
                    + TemplateSettings.MAX_POOL) @Max(value = TemplateSettings.MAX_POOL, message = "pool size must be 0.."
                            + TemplateSettings.MAX_POOL) Integer size) {
    }

    @PUT
    @Path("{key}/pool")
    @Consumes(MediaType.APPLICATION_JSON)
    public TemplateView.Pool pool(@PathParam("key") String key, @NotNull(message = "send {\"size\": n}") @Valid PoolSize body) {
        Template t = templates.settings(key, new TemplateSettings(body.size(), null, null), staff.name());
        return new TemplateView.Pool(t.poolSize, tenants.count(key, TenantState.POOLED));
    }

    /** {@code PUT /api/templates/{key}/settings}: trial days and seat limit (and the pool size, if given). */
    @PUT
    @Path("{key}/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public TemplateView.Detail settings(@PathParam("key") String key,
            @NotNull(message = "send {\"trialDays\": n, \"seatLimit\": n}") @Valid TemplateSettings body) {
        templates.settings(key, body, staff.name());
        return get(key);
    }

    private static Integer newest(List<TemplateVersion> versions, TemplateVersion.State state) {
        return versions.stream().filter(v -> v.state == state).map(v -> v.version).findFirst().orElse(null);
    }
}
