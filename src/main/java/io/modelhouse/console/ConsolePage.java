package io.modelhouse.console;

import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

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

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Dates;
import io.modelhouse.common.FormFields;
import io.modelhouse.common.FormPost;
import io.modelhouse.common.Messages;
import io.modelhouse.common.PageLocale;
import io.modelhouse.common.Pages;
import io.modelhouse.common.StaffIdentity;
import io.modelhouse.identity.AccountService;
import io.modelhouse.identity.AccountStore;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.lifecycle.TenantLifecycle;
import io.modelhouse.lifecycle.TenantPurger;
import io.modelhouse.lifecycle.TrialAsks;
import io.modelhouse.provisioning.TenantProvisioner;
import io.modelhouse.template.Template;
import io.modelhouse.template.TemplateService;
import io.modelhouse.tenant.CreateTenantRequest;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantService;
import io.modelhouse.tenant.TenantState;
import io.modelhouse.tenant.TenantView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/**
 * The pre-sales console: create a model house in one form and get the login links at once, then
 * reset, extend, expire or delete it and manage its accounts. Forms become the API's request
 * records and are checked by the same Bean Validation constraints; what is wrong is shown at the
 * field, with what was typed kept.
 */
@Path("/console")
@RolesAllowed({ "presales", "admin" })
@Blocking
public class ConsolePage {

    private static final int CONTACT_ROWS = 3;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<TemplateOption> templates, List<Row> tenants, String q, CreateForm form,
                Map<String, String> errors);

        static native TemplateInstance tenant(Row tenant, List<AccountRow> accounts, List<RoleOption> roles, TenantView created,
                String message, TenantForm form, Map<String, String> errors, List<AskRow> asks, EngagementCard engagement);
    }

    /** How engaged the model house is, for pre-sales: the score, its components, the signals now, per person. */
    public record EngagementCard(int score, List<Part> parts, List<SignalLine> signals, List<PersonLine> people) {
    }

    public record Part(String name, int value) {
    }

    public record SignalLine(String signal, String when, String reason) {
    }

    public record PersonLine(String name, String role, int activeDays, String lastActive, String steps, int moments) {
    }

    /** A prospect's request, as pre-sales read it on the tenant's page. */
    public record AskRow(String when, String person, String what, String message) {
    }

    public record TemplateOption(String key, String name, List<RoleOption> roles) {
    }

    public record RoleOption(String key, String name) {
    }

    public record Row(String id, String company, String template, String state, String created, String expires,
            boolean fromPool,
            Long millis, boolean open) {
    }

    public record AccountRow(String username, String name, String email, String role, String state, boolean active) {
    }

    /** What was typed into the create form, shown again when something is wrong. */
    public record CreateForm(String templateKey, String company, String trialDays, List<ContactRow> contacts, String logoUrl,
            String brandColor) {
    }

    public record ContactRow(String name, String email, String role, String nameError, String emailError, String roleError) {
    }

    /** What was typed into the tenant page's forms (extend days, the new account). */
    public record TenantForm(String days, String name, String email, String role) {
        static final TenantForm EMPTY = new TenantForm("7", "", "", "");
    }

    @Inject
    io.modelhouse.followup.EngagementService engagement;
    @Inject
    TenantProvisioner provisioner;
    @Inject
    TenantLifecycle lifecycle;
    @Inject
    TenantPurger purger;
    @Inject
    TenantService tenants;
    @Inject
    AccountService accounts;
    @Inject
    AccountStore accountStore;
    @Inject
    TemplateService templates;
    @Inject
    StaffIdentity staff;
    @Inject
    Validator validator;
    @Inject
    TrialAsks asks;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response index(@QueryParam("q") String q, @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        List<ContactRow> empty = new ArrayList<>();
        for (int i = 0; i < CONTACT_ROWS; i++) {
            empty.add(new ContactRow("", "", "", null, null, null));
        }
        return Pages.html(indexPage(q, new CreateForm("", "", "", empty, "", ""), Map.of(), locale), locale, lang);
    }

    @POST
    @FormPost
    @Path("tenants")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response create(@RestForm String templateKey, @RestForm String company, @RestForm String trialDays,
            @RestForm List<String> contactName, @RestForm List<String> contactEmail, @RestForm List<String> contactRole,
            @RestForm String logoUrl, @RestForm String brandColor, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(null, headers);
        Messages m = PageLocale.messages(locale);
        Map<String, String> errors = new HashMap<>();
        Integer days = null;
        if (trialDays != null && !trialDays.isBlank()) {
            try {
                days = Integer.valueOf(trialDays.trim());
            } catch (NumberFormatException e) {
                errors.put("trialDays", m.console_trialDays() + ": 1–180");
            }
        }
        // rows left empty are not contacts; the rows that were filled keep their position for the errors
        List<CreateTenantRequest.Contact> contacts = new ArrayList<>();
        List<Integer> rowOf = new ArrayList<>();
        for (int i = 0; i < CONTACT_ROWS; i++) {
            String name = value(contactName, i);
            String email = value(contactEmail, i);
            if (!name.isBlank() || !email.isBlank()) {
                contacts.add(new CreateTenantRequest.Contact(name.trim(), email.trim(), value(contactRole, i)));
                rowOf.add(i);
            }
        }
        CreateTenantRequest request = new CreateTenantRequest(templateKey, company == null ? null : company.trim(), days,
                contacts, null, blankToNull(logoUrl), blankToNull(brandColor));
        validate(request, errors);
        if (errors.isEmpty()) {
            try {
                var created = provisioner.create(request, null, staff.name());
                return tenantPage(created.tenant().id(), created.tenant(), null, TenantForm.EMPTY, Map.of(), locale, 200);
            } catch (ApiProblem p) {
                if (p.status() != 422) {
                    throw p;
                }
                p.errors().forEach(e -> errors.put(e.path(), e.message()));
            }
        }
        // the API's paths (contacts[1].email) point at the rows the person filled in
        List<ContactRow> rows = new ArrayList<>();
        for (int i = 0; i < CONTACT_ROWS; i++) {
            int c = rowOf.indexOf(i);
            String p = "contacts[" + c + "].";
            rows.add(new ContactRow(value(contactName, i), value(contactEmail, i), value(contactRole, i),
                    c < 0 ? null : errors.get(p + "name"), c < 0 ? null : errors.get(p + "email"),
                    c < 0 ? null : errors.get(p + "role")));
        }
        CreateForm form = new CreateForm(templateKey, company == null ? "" : company, trialDays == null ? "" : trialDays, rows,
                logoUrl == null ? "" : logoUrl, brandColor == null ? "" : brandColor);
        return Pages.html(422, indexPage(null, form, errors, locale), locale, null);
    }

    @GET
    @Path("tenants/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response tenant(@PathParam("id") UUID id, @QueryParam("done") String done, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        return tenantPage(id, null, done == null ? null : doneMessage(done, PageLocale.messages(locale)), TenantForm.EMPTY,
                Map.of(),
                locale, 200);
    }

    @POST
    @FormPost
    @Path("tenants/{id}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response action(@PathParam("id") UUID id, @PathParam("action") String action, @RestForm String days,
            @RestForm String username, @RestForm String name, @RestForm String email, @RestForm String role,
            @Context HttpHeaders headers) {
        String actor = staff.name();
        Map<String, String> errors = new HashMap<>();
        switch (action) {
            case "reset-pristine" -> lifecycle.reset(id, TenantLifecycle.ResetMode.PRISTINE, actor);
            case "reset-refresh" -> lifecycle.reset(id, TenantLifecycle.ResetMode.REFRESH, actor);
            case "extend" -> {
                ExtendRequest request = new ExtendRequest(FormFields.number(days));
                validate(request, errors);
                if (errors.isEmpty()) {
                    lifecycle.extend(id, request.days(), actor);
                }
            }
            case "expire" -> lifecycle.expire(id, actor);
            case "delete" -> purger.purge(id, actor);
            case "disable" -> accounts.setEnabled(id, username, false, actor);
            case "enable" -> accounts.setEnabled(id, username, true, actor);
            case "remove" -> accounts.remove(id, username, actor);
            case "invite" -> {
                var contact = new CreateTenantRequest.Contact(trim(name), trim(email), role);
                validate(contact, errors);
                if (errors.isEmpty()) {
                    accounts.invite(id, contact, actor);
                }
            }
            default -> throw ApiProblem.notFound("Action '" + action + "'");
        }
        if (!errors.isEmpty()) {
            TenantForm form = new TenantForm(days == null ? "7" : days, trim(name), trim(email), role == null ? "" : role);
            return tenantPage(id, null, null, form, errors, PageLocale.resolve(null, headers), 422);
        }
        return Response.seeOther(URI.create("/console/tenants/" + id + "?done=" + action)).build();
    }

    private TemplateInstance indexPage(String q, CreateForm form, Map<String, String> errors, Locale locale) {
        List<TemplateOption> options = new ArrayList<>();
        for (Template tpl : templates.all()) {
            templates.published(tpl.key).ifPresent(p -> options.add(new TemplateOption(tpl.key,
                    PageLocale.english(locale) ? tpl.nameEn : tpl.nameZh, p.bundle().meta().roles().stream()
                            .map(r -> new RoleOption(r.key(), r.name().in(locale))).toList())));
        }
        var found = tenants.search(new TenantService.Filter(null, null, q, List.of(TenantState.POOLED, TenantState.PURGED)), 0,
                50);
        List<Row> rows = found.items().stream().map(x -> row(x, locale)).toList();
        return Templates.index(options, rows, q == null ? "" : q, form, errors);
    }

    private Response tenantPage(UUID id, TenantView created, String message, TenantForm form, Map<String, String> errors,
            Locale locale,
            int status) {
        Tenant tenant = tenants.require(id);
        List<AccountRow> rows = accountStore.ofTenant(id).stream()
                .map(a -> new AccountRow(a.username, a.name, a.email, a.roleKey, a.state.name(),
                        a.state == TrialAccount.State.ACTIVE))
                .toList();
        List<RoleOption> roles = templates.bundleOf(tenant.templateVersionId).meta().roles().stream()
                .map(r -> new RoleOption(r.key(), r.name().in(locale))).toList();
        Messages m = PageLocale.messages(locale);
        var minutes = Dates.minutes(tenant.timeZone);
        List<AskRow> askRows = asks.ofTenant(id).stream()
                .map(a -> new AskRow(minutes.format(a.createdAt), a.person,
                        "extension".equals(a.kind) ? m.console_ask_extension(a.days) : m.console_ask_contact(), a.message))
                .toList();
        return Pages.html(status, Templates.tenant(row(tenant, locale), rows, roles, created, message, form, errors, askRows,
                engagementCard(tenant, locale)), locale, null);
    }

    /** The engagement card of the tenant page; none for a tenant nobody uses yet (not built, or pooled). */
    private EngagementCard engagementCard(Tenant tenant, Locale locale) {
        if (!java.util.EnumSet.of(io.modelhouse.tenant.TenantState.READY, io.modelhouse.tenant.TenantState.ACTIVE,
                io.modelhouse.tenant.TenantState.EXPIRED, io.modelhouse.tenant.TenantState.CONVERTED).contains(tenant.state)) {
            return null;
        }
        var w = PageLocale.work(locale);
        var e = engagement.of(tenant.id);
        var c = e.components();
        var bundle = templates.bundleOf(tenant.templateVersionId);
        var minutes = Dates.minutes(tenant.timeZone);
        boolean english = PageLocale.english(locale);
        return new EngagementCard(e.score(),
                List.of(new Part(w.eng_activity(), c.activity()), new Part(w.eng_breadth(), c.breadth()),
                        new Part(w.eng_depth(), c.depth()), new Part(w.eng_coverage(), c.coverage()),
                        new Part(w.eng_value(), c.valueMoments())),
                e.signals().stream().map(s -> new SignalLine(s.signal(), minutes.format(s.firedAt()),
                        english ? s.reasonEn() : s.reasonZh())).toList(),
                e.people().stream().map(p -> {
                    var role = bundle.role(p.role());
                    return new PersonLine(p.name(), role == null ? p.role() : role.name().in(locale), p.activeDays(),
                            p.lastActive() == null ? w.eng_never() : p.lastActive().toString(),
                            p.scenarioProgress().done() + "/" + p.scenarioProgress().total(), p.valueMoments().size());
                }).toList());
    }

    private <T> void validate(T request, Map<String, String> errors) {
        FormFields.check(validator, request, errors);
    }

    private static String doneMessage(String action, Messages m) {
        return switch (action) {
            case "reset-pristine" -> m.console_done_reset_pristine();
            case "reset-refresh" -> m.console_done_reset_refresh();
            case "extend" -> m.console_done_extend();
            case "expire" -> m.console_done_expire();
            case "delete" -> m.console_done_delete();
            case "disable" -> m.console_done_disable();
            case "enable" -> m.console_done_enable();
            case "remove" -> m.console_done_remove();
            case "invite" -> m.console_done_invite();
            default -> null;
        };
    }

    private static Row row(Tenant x, Locale locale) {
        DateTimeFormatter f = Dates.minutes(x.timeZone);
        return new Row(x.id.toString(), x.company, x.templateKey + " v" + x.templateVersion, x.state.name(),
                f.format(x.createdAt),
                f.format(x.expiresAt), x.fromPool, x.provisioningMillis,
                x.state == TenantState.READY || x.state == TenantState.ACTIVE || x.state == TenantState.EXPIRED);
    }

    private static String value(List<String> list, int i) {
        return list == null || i >= list.size() || list.get(i) == null ? "" : list.get(i);
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
