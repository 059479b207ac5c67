package io.modelhouse.portal;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.modelhouse.common.Labels;
import io.modelhouse.common.Markdown;
import io.modelhouse.common.PageLocale;
import io.modelhouse.common.Pages;
import io.modelhouse.common.WorkMessages;
import io.modelhouse.identity.Prospect;
import io.modelhouse.identity.ProspectResolver;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateService;
import io.modelhouse.usage.UsageService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;

/**
 * The help center: the template's knowledge pack for the person's role and the deal's stage. A
 * model house is the trial stage, so the prospect sees the documents of the stages up to it (the
 * bidding, contract and delivery papers are pre-sales' to hand over later); their role's manuals
 * and the documents whose audience is their role's influence come first. Opening one is an event.
 */
@Path("/portal/help")
@Authenticated
@Blocking
public class HelpPage {

    /** The stages a prospect in a trial sees documents of. */
    static final Set<String> SHOWN_STAGES = Set.of("opportunity", "qualification", "solution", "trial");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(String company, String roleName, List<Doc> mine, List<Doc> more);

        static native TemplateInstance doc(String company, Doc doc, RawString html);
    }

    /** A document as the list shows it. */
    public record Doc(String key, String title, String summary, String kind, String stage, boolean hasBody) {
    }

    @Inject
    ProspectResolver prospects;
    @Inject
    TemplateService templates;
    @Inject
    UsageService usage;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response index(@QueryParam("lang") String lang, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        Prospect p = prospects.requireRecent();
        TemplateBundle bundle = templates.bundleOf(p.tenant().templateVersionId);
        String role = p.account().roleKey;
        TemplateBundle.Role r = bundle.role(role);
        String influence = r == null ? null : r.influence();
        WorkMessages m = PageLocale.work(locale);
        List<TemplateBundle.Document> shown = bundle.knowledge().documents().stream().filter(d -> visible(d, role)).toList();
        List<Doc> mine = shown.stream()
                .filter(d -> d.roles().contains(role) || (d.roles().isEmpty() && d.audience().contains(influence)))
                .sorted((a, b) -> Boolean.compare(!a.roles().contains(role), !b.roles().contains(role)))
                .map(d -> doc(d, m, locale)).toList();
        List<Doc> more = shown.stream().filter(d -> mine.stream().noneMatch(x -> x.key().equals(d.key())))
                .map(d -> doc(d, m, locale)).toList();
        usage.capture(PortalResource.actor(p), "page_view", "help", "/portal/help");
        return Pages.html(Templates.index(p.tenant().company, r == null ? role : r.name().in(locale), mine, more), locale,
                lang);
    }

    @GET
    @Path("{key}")
    @Produces(MediaType.TEXT_HTML)
    public Response doc(@PathParam("key") String key, @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        Prospect p = prospects.requireRecent();
        TemplateBundle bundle = templates.bundleOf(p.tenant().templateVersionId);
        TemplateBundle.Document d = bundle.knowledge().documents().stream()
                .filter(x -> x.key().equals(key) && visible(x, p.account().roleKey)).findFirst()
                .orElseThrow(NotFoundException::new);
        WorkMessages m = PageLocale.work(locale);
        usage.record(PortalResource.actor(p), "doc_opened", "knowledge", d.key());
        String html = d.body() == null ? "" : Markdown.html(d.body().in(locale));
        return Pages.html(Templates.doc(p.tenant().company, doc(d, m, locale), new RawString(html)), locale, lang);
    }

    /** What a person of this role may open: a document of the stages up to the trial, for everybody or for the role. */
    private static boolean visible(TemplateBundle.Document d, String role) {
        return SHOWN_STAGES.contains(d.stage()) && (d.roles().isEmpty() || d.roles().contains(role));
    }

    private static Doc doc(TemplateBundle.Document d, WorkMessages m, Locale locale) {
        return new Doc(d.key(), d.title().in(locale), d.summary() == null ? "" : d.summary().in(locale),
                Labels.documentKind(m, d.kind()), Labels.stage(PageLocale.messages(locale), d.stage()), d.body() != null);
    }
}
