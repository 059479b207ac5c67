package io.modelhouse.template;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.modelhouse.common.ApiProblem;
import io.smallrye.common.annotation.Blocking;

/** Templates as staff see them. Admins manage; pre-sales may read. */
@Path("/api/templates")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ "admin", "presales" })
@Blocking
public class TemplateResource {

    @Inject
    TemplateCatalog catalog;
    @Inject
    EntityManager em;

    @GET
    public List<TemplateView.Item> list() {
        List<Template> all = Template.list("order by key");
        return all.stream().map(t -> {
            List<TemplateVersion> versions = TemplateVersion.ofTemplate(t.key);
            Integer published = versions.stream().filter(v -> v.state == TemplateVersion.State.PUBLISHED)
                    .map(v -> v.version).findFirst().orElse(null);
            Integer draft = versions.stream().filter(v -> v.state == TemplateVersion.State.DRAFT)
                    .map(v -> v.version).findFirst().orElse(null);
            return new TemplateView.Item(t.key, t.nameZh, t.customerType, published, draft);
        }).toList();
    }

    @GET
    @Path("{key}")
    public TemplateView.Detail get(@PathParam("key") String key) {
        Template t = Template.findById(key);
        if (t == null) {
            throw ApiProblem.notFound("Template '" + key + "'");
        }
        List<TemplateVersion> versions = TemplateVersion.ofTemplate(key);
        TemplateVersion current = TemplateVersion.current(key)
                .orElseThrow(() -> ApiProblem.notFound("A published version of template '" + key + "'"));
        TemplateBundle bundle = catalog.manifest(current);
        List<TemplateView.Role> roles = bundle.meta().roles().stream()
                .map(r -> new TemplateView.Role(r.key(), r.name(), r.influence(), r.cares())).toList();
        TemplateView.Summary summary = new TemplateView.Summary(
                count("golden_member", current.id), count("golden_org_unit", current.id), count("golden_record", current.id),
                bundle.records().types().size(), 0, 0, 0);
        return new TemplateView.Detail(t.key, t.nameZh, new Localized(t.nameZh, t.nameEn), t.customerType, current.version,
                versions.stream().map(v -> new TemplateView.Version(v.version, v.state.name(), String.valueOf(v.createdAt),
                        v.publishedAt == null ? null : v.publishedAt.toString())).toList(),
                roles, summary, current.trialDays, current.seatLimit, current.timeZone);
    }

    private long count(String table, long versionId) {
        // table is one of three constants above, never caller input
        return ((Number) em.createNativeQuery("SELECT count(*) FROM " + table + " WHERE version_id = ?1")
                .setParameter(1, versionId).getSingleResult()).longValue();
    }
}
