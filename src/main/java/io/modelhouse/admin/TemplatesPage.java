package io.modelhouse.admin;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
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

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.FormFields;
import io.modelhouse.common.FormPost;
import io.modelhouse.common.Messages;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.PageLocale;
import io.modelhouse.common.Pages;
import io.modelhouse.common.StaffIdentity;
import io.modelhouse.template.BundleProblem;
import io.modelhouse.template.BundleSummary;
import io.modelhouse.template.BundleZip;
import io.modelhouse.template.GoldenRowGenerator;
import io.modelhouse.template.Template;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateService;
import io.modelhouse.template.TemplateSettings;
import io.modelhouse.template.TemplateVersion;
import io.modelhouse.tenant.TenantService;
import io.modelhouse.tenant.TenantState;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** Admin pages for templates: list, upload with a validation report, preview, publish, retire, settings. */
@Path("/admin/templates")
@RolesAllowed("admin")
@Blocking
public class TemplatesPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<Row> rows);

        static native TemplateInstance report(String fileName, List<ApiProblem.FieldError> errors, String key,
                BundleSummary summary);

        static native TemplateInstance detail(Row template, List<VersionRow> versions, Settings settings, VersionRow shown,
                TemplatePreview preview, String message, Map<String, String> errors);
    }

    public record Row(String key, String name, String customerType, String published, String draft, int poolSize, long pooled,
            long tenants) {
    }

    public record VersionRow(int version, String state, String createdAt, String createdBy, boolean draft, boolean published) {
    }

    /** The settings form: what is set (or what was typed, when it is shown again with errors) and the version's defaults. */
    public record Settings(String poolSize, String trialDays, String seatLimit, int defaultTrialDays, int defaultSeatLimit,
            String signupMode, String signupOwner) {
    }

    @Inject
    TemplateService templates;
    @Inject
    TenantService tenants;
    @Inject
    StaffIdentity staff;
    @Inject
    ObjectMapper json;
    @Inject
    ModelhouseClock clock;
    @Inject
    Validator validator;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response list(@QueryParam("lang") String lang, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        return Pages.html(Templates.list(templates.all().stream().map(this::row).toList()), locale, lang);
    }

    @POST
    @FormPost
    @Path("upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    public Response upload(@RestForm("bundle") FileUpload file, @RestForm("action") String action,
            @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(null, headers);
        String name = file == null ? "" : file.fileName();
        try {
            byte[] zip = file == null ? new byte[0] : Files.readAllBytes(file.uploadedFile());
            if ("import".equals(action)) {
                TemplateVersion v = templates.importDraft(BundleZip.unpack(zip), staff.name());
                return Response
                        .seeOther(URI.create("/admin/templates/" + v.templateKey + "?version=" + v.version + "&imported=1"))
                        .build();
            }
            TemplateBundle bundle = templates.validate(BundleZip.unpack(zip));
            return Pages.html(Templates.report(name, List.of(), bundle.meta().key(), BundleSummary.of(bundle)), locale, null);
        } catch (BundleProblem p) {
            return Pages.html(422, Templates.report(name, p.errors(), null, null), locale, null);
        } catch (IOException e) {
            throw new IllegalStateException("could not read the upload", e);
        }
    }

    @GET
    @Path("{key}")
    @Produces(MediaType.TEXT_HTML)
    public Response detail(@PathParam("key") String key, @QueryParam("version") Integer version,
            @QueryParam("lang") String lang,
            @QueryParam("imported") String imported, @QueryParam("done") String done, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        Messages m = PageLocale.messages(locale);
        return Pages.html(detailPage(key, version, locale, imported, done != null ? m.admin_saved() : null, null, Map.of()),
                locale, lang);
    }

    private TemplateInstance detailPage(String key, Integer version, Locale locale, String imported, String message,
            Settings typed,
            Map<String, String> errors) {
        Messages m = PageLocale.messages(locale);
        Template template = templates.find(key).orElseThrow(() -> ApiProblem.notFound("Template '" + key + "'"));
        List<TemplateVersion> versions = templates.versions(key);
        TemplateVersion shown = version == null
                ? templates.current(key).orElse(versions.isEmpty() ? null : versions.get(0))
                : versions.stream().filter(v -> v.version == version).findFirst()
                        .orElseThrow(() -> ApiProblem.notFound("Version " + version + " of '" + key + "'"));
        TemplateBundle bundle = templates.manifest(shown);
        TemplatePreview preview = TemplatePreview.of(bundle, new GoldenRowGenerator(bundle, templates.seed()).generate(),
                locale, json,
                dates -> templates.resolveDates(dates, bundle.meta().timeZone(), clock.now()));
        Settings settings = typed != null
                ? new Settings(typed.poolSize(), typed.trialDays(), typed.seatLimit(), shown.trialDays,
                        shown.seatLimit, typed.signupMode(), typed.signupOwner())
                : new Settings(String.valueOf(template.poolSize), String.valueOf(template.trialDaysFor(shown)),
                        String.valueOf(template.seatLimitFor(shown)), shown.trialDays, shown.seatLimit, template.signupMode,
                        template.signupOwner == null ? "" : template.signupOwner);
        String note = imported != null
                ? (shown.state == TemplateVersion.State.DRAFT ? m.admin_imported(shown.version)
                        : m.admin_identical(shown.version, shown.state.name()))
                : message;
        return Templates.detail(row(template), versions.stream().map(TemplatesPage::versionRow).toList(), settings,
                versionRow(shown), preview, note, errors);
    }

    @POST
    @FormPost
    @Path("{key}/versions/{version}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response versionAction(@PathParam("key") String key, @PathParam("version") int version,
            @PathParam("action") String action) {
        switch (action) {
            case "publish" -> templates.publish(key, version, staff.name());
            case "retire" -> templates.retire(key, version, staff.name());
            default -> throw ApiProblem.notFound("Action '" + action + "'");
        }
        return Response.seeOther(URI.create("/admin/templates/" + key + "?version=" + version + "&done=1")).build();
    }

    @POST
    @FormPost
    @Path("{key}/settings")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response settings(@PathParam("key") String key, @RestForm String poolSize, @RestForm String trialDays,
            @RestForm String seatLimit, @RestForm String signupMode, @RestForm String signupOwner,
            @Context HttpHeaders headers) {
        Map<String, String> errors = new HashMap<>();
        TemplateSettings wanted = new TemplateSettings(FormFields.number(poolSize), FormFields.number(trialDays),
                FormFields.number(seatLimit), signupMode == null || signupMode.isBlank() ? null : signupMode.strip(),
                signupOwner == null ? null : signupOwner.strip());
        FormFields.check(validator, wanted, errors);
        if (!errors.isEmpty()) {
            Locale locale = PageLocale.resolve(null, headers);
            Settings typed = new Settings(poolSize, trialDays, seatLimit, 0, 0, signupMode, signupOwner);
            return Pages.html(422, detailPage(key, null, locale, null, null, typed, errors), locale, null);
        }
        templates.settings(key, wanted, staff.name());
        return Response.seeOther(URI.create("/admin/templates/" + key + "?done=1")).build();
    }

    private Row row(Template t) {
        List<TemplateVersion> versions = templates.versions(t.key);
        String published = versions.stream().filter(v -> v.state == TemplateVersion.State.PUBLISHED).map(v -> "v" + v.version)
                .findFirst().orElse("—");
        String draft = versions.stream().filter(v -> v.state == TemplateVersion.State.DRAFT).map(v -> "v" + v.version)
                .findFirst().orElse("—");
        return new Row(t.key, t.nameZh + " · " + t.nameEn, t.customerType, published, draft, t.poolSize,
                tenants.count(t.key, TenantState.POOLED), tenants.countNotPurged(t.key));
    }

    private static VersionRow versionRow(TemplateVersion v) {
        return new VersionRow(v.version, v.state.name(), String.valueOf(v.createdAt).replace('T', ' ').substring(0, 16),
                v.createdBy == null ? "" : v.createdBy, v.state == TemplateVersion.State.DRAFT,
                v.state == TemplateVersion.State.PUBLISHED);
    }
}
