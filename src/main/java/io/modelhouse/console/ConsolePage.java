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
import io.modelhouse.common.FollowMessages;
import io.modelhouse.common.FormFields;
import io.modelhouse.common.FormPost;
import io.modelhouse.common.Labels;
import io.modelhouse.common.Markdown;
import io.modelhouse.common.Messages;
import io.modelhouse.common.PageLocale;
import io.modelhouse.common.Pages;
import io.modelhouse.common.StaffIdentity;
import io.modelhouse.followup.FleetService;
import io.modelhouse.followup.FollowUpService;
import io.modelhouse.followup.FollowUps;
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
import io.modelhouse.usage.UsageService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
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
        static native TemplateInstance index(List<TemplateOption> templates, Queue queue, CreateForm form,
                Map<String, String> errors, String message);

        static native TemplateInstance tenant(Row tenant, List<AccountRow> accounts, List<RoleOption> roles, TenantView created,
                String message, TenantForm form, Map<String, String> errors, List<AskRow> asks, EngagementCard engagement,
                FollowCard follow);

        static native TemplateInstance fleet(List<TemplateOption> templates, Fleet fleet);

        static native TemplateInstance doc(Row tenant, String title, String kind, String stage, RawString html);
    }

    /** The follow-up queue of the console's home: the filters as chosen, and the tasks. */
    public record Queue(String owner, String state, String templateKey, List<String> owners, List<TaskCard> tasks, int page,
            String prevUrl, String nextUrl, String self) {
    }

    /** Tasks a page of the queue shows. */
    static final int QUEUE_PAGE = 25;

    /** A follow-up task as a card: what happened, why it matters, the next step, the material. */
    public record TaskCard(String id, String tenantId, String company, String signal, String signalName, double priority,
            String stage, String daysLeft, String reason, String why, String suggestion, List<MaterialLink> material,
            String state, String note, String created) {
    }

    public record MaterialLink(String title, String kind, String url) {
    }

    /** What the tenant page shows of follow-up: the stage, the timeline, the activity by role, the open tasks. */
    public record FollowCard(String stage, String stageLabel, boolean stageSet, List<RoleOption> stages, RawString timeline,
            boolean hasUsage, List<RoleActivity> roles, List<TaskCard> tasks) {
    }

    public record RoleActivity(String role, long people, long events, long days) {
    }

    /** The fleet list: the filters as chosen, a page of rows, and the query string for the CSV link and paging. */
    public record Fleet(FleetService.Filter filter, String minScore, String expiringDays, List<String> owners,
            List<String> states, List<FleetRow> rows, int page, long pages, long total, String query, String prevUrl,
            String nextUrl) {
    }

    public record FleetRow(String id, String company, String template, String state, String owner, String stage, String score,
            int scoreValue, long openFollowUps, String expires) {
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

    /** A prospect's request, as pre-sales read it on the tenant's page, and what was answered. */
    public record AskRow(String id, String kind, Integer days, String when, String person, String what, String message,
            String answered) {
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
    io.modelhouse.lifecycle.conversion.TenantExport export;
    @Inject
    io.modelhouse.lifecycle.conversion.TenantConversion conversion;
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
    @Inject
    FollowUpService followUps;
    @Inject
    FleetService fleet;
    @Inject
    UsageService usage;
    @Inject
    io.modelhouse.common.ModelhouseClock clock;

    /** The console's home: the follow-up queue (mine by default), and the one form that makes a model house. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response index(@QueryParam("owner") String owner, @QueryParam("state") String state,
            @QueryParam("templateKey") String templateKey, @QueryParam("page") String page, @QueryParam("done") String done,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        List<ContactRow> empty = new ArrayList<>();
        for (int i = 0; i < CONTACT_ROWS; i++) {
            empty.add(new ContactRow("", "", "", null, null, null));
        }
        FollowMessages f = PageLocale.follow(locale);
        String message = "completed".equals(done) ? f.fu_flash_completed()
                : "snoozed".equals(done) ? f.fu_flash_snoozed() : null;
        Integer n = FormFields.number(page);
        Queue queue = queue(owner, state, templateKey, n == null || n < 1 ? 1 : n, locale);
        return Pages.html(
                Templates.index(templateOptions(locale), queue, new CreateForm("", "", "", empty, "", ""), Map.of(), message),
                locale, lang);
    }

    /** The fleet: every model house with its engagement, filtered; paged, and exported as CSV with the same filters. */
    @GET
    @Path("tenants")
    @Produces(MediaType.TEXT_HTML)
    public Response fleetPage(@QueryParam("q") String q, @QueryParam("templateKey") String templateKey,
            @QueryParam("state") String state, @QueryParam("owner") String owner, @QueryParam("minScore") String minScore,
            @QueryParam("expiringDays") String expiringDays, @QueryParam("page") String page, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        FleetService.Filter filter = fleetFilter(q, templateKey, state, owner, minScore, expiringDays);
        int p = Math.max(0, FormFields.number(page) == null ? 0 : FormFields.number(page) - 1);
        int size = 50;
        var found = fleet.search(filter, p, size);
        FollowMessages f = PageLocale.follow(locale);
        List<FleetRow> rows = found.rows().stream().map(r -> new FleetRow(r.id().toString(), r.company(),
                r.templateKey() + " v" + r.templateVersion(), r.state(), r.owner() == null ? "" : r.owner(),
                r.salesStage() == null ? "" : Labels.stage(PageLocale.messages(locale), r.salesStage()),
                r.score() == null ? f.fu_not_evaluated() : r.score().toString(), r.score() == null ? 0 : r.score(),
                r.openFollowUps(), Dates.minutes(r.timeZone()).format(r.expiresAt()))).toList();
        String query = query(mapOf("q", q, "templateKey", templateKey, "state", state, "owner", owner, "minScore", minScore,
                "expiringDays", expiringDays));
        long pages = Math.max(1, (found.total() + size - 1) / size);
        return Pages.html(Templates.fleet(templateOptions(locale), new Fleet(filter, minScore == null ? "" : minScore,
                expiringDays == null ? "" : expiringDays, fleet.owners(), List.of("READY", "ACTIVE", "EXPIRED", "CONVERTED",
                        "FAILED", "PURGED"),
                rows, p + 1, pages, found.total(), query, p > 0 ? pageUrl(query, p) : null,
                p + 1 < pages ? pageUrl(query, p + 2) : null)), locale, lang);
    }

    /** The filtered fleet as CSV, streamed row by row from the database. */
    @GET
    @Path("tenants.csv")
    @Produces("text/csv")
    public Response fleetCsv(@QueryParam("q") String q, @QueryParam("templateKey") String templateKey,
            @QueryParam("state") String state, @QueryParam("owner") String owner, @QueryParam("minScore") String minScore,
            @QueryParam("expiringDays") String expiringDays) {
        FleetService.Filter filter = fleetFilter(q, templateKey, state, owner, minScore, expiringDays);
        jakarta.ws.rs.core.StreamingOutput body = out -> fleet.export(filter, out);
        String name = "modelhouse-tenants-" + java.time.LocalDate.ofInstant(clock.now(), java.time.ZoneOffset.UTC) + ".csv";
        return Response.ok(body, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .build();
    }

    /** The prospect's rows as a zip (what {@code GET /api/tenants/{id}/export} gives), for the button. */
    @GET
    @Path("tenants/{id}/export.zip")
    @Produces("application/zip")
    public Response export(@PathParam("id") UUID id) {
        return TenantResource.zip(export, id, staff.name());
    }

    /** Move-in from the page: the org chart's CSV uploaded; a bad line is shown on the page and nothing changes. */
    @POST
    @FormPost
    @Path("tenants/{id}/move-in")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    public Response moveIn(@PathParam("id") UUID id,
            @RestForm("orgChart") org.jboss.resteasy.reactive.multipart.FileUpload file,
            @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(null, headers);
        Map<String, String> errors = new HashMap<>();
        try {
            byte[] bytes = file == null ? new byte[0] : java.nio.file.Files.readAllBytes(file.uploadedFile());
            conversion.moveIn(id, io.modelhouse.lifecycle.conversion.OrgChartCsv.decode(bytes), staff.name());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (ApiProblem p) {
            if (p.status() != 422) {
                throw p;
            }
            StringBuilder text = new StringBuilder(p.getMessage());
            p.errors().stream().limit(10).forEach(e -> text.append(" · ")
                    .append(PageLocale.signup(locale).su_move_in_line(e.line() == null ? 0 : e.line(), e.message())));
            errors.put("orgChart", text.toString());
            return tenantPage(id, null, null, TenantForm.EMPTY, errors, locale, 422);
        }
        return Response.seeOther(URI.create("/console/tenants/" + id + "?done=move-in")).build();
    }

    /** A document of the tenant's knowledge pack, as pre-sales opens it from a task's material. */
    @GET
    @Path("tenants/{id}/docs/{key}")
    @Produces(MediaType.TEXT_HTML)
    public Response doc(@PathParam("id") UUID id, @PathParam("key") String key, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        Tenant t = tenants.require(id);
        var d = templates.bundleOf(t.templateVersionId).knowledge().documents().stream().filter(x -> x.key().equals(key))
                .findFirst().orElseThrow(() -> ApiProblem.notFound("Document " + key));
        String html = d.body() == null ? "<p>" + io.quarkus.qute.Escaper.builder().add('<', "&lt;").add('>', "&gt;")
                .add('&', "&amp;").build().escape(d.summary() == null ? "" : d.summary().in(locale)) + "</p>"
                : Markdown.html(d.body().in(locale));
        return Pages.html(
                Templates.doc(row(t, locale), d.title().in(locale), Labels.documentKind(PageLocale.work(locale), d.kind()),
                        Labels.stage(PageLocale.messages(locale), d.stage()), new RawString(html)),
                locale, lang);
    }

    @POST
    @FormPost
    @Path("follow-ups/{id}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response followUp(@PathParam("id") UUID id, @PathParam("action") String action, @RestForm String outcome,
            @RestForm String days, @RestForm String back, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(null, headers);
        switch (action) {
            case "complete" -> {
                var c = new FollowUpService.Complete(outcome == null ? "" : outcome.strip());
                Map<String, String> errors = new HashMap<>();
                validate(c, errors);
                if (!errors.isEmpty()) {
                    throw ApiProblem.invalid(errors.values().iterator().next(),
                            List.of(ApiProblem.FieldError.of("outcome", errors.values().iterator().next())));
                }
                followUps.complete(id, c, staff.name(), locale);
            }
            case "snooze" -> {
                Integer n = FormFields.number(days);
                followUps.snooze(id, new FollowUpService.Snooze(clock.now().plus(java.time.Duration.ofDays(n == null ? 1 : n))),
                        locale);
            }
            default -> throw ApiProblem.notFound("Action '" + action + "'");
        }
        String to = back != null && back.startsWith("/console") && !back.startsWith("//") ? back : "/console";
        return Response
                .seeOther(URI.create(
                        to + (to.contains("?") ? "&" : "?") + "done=" + ("complete".equals(action) ? "completed" : "snoozed")))
                .build();
    }

    @POST
    @FormPost
    @Path("tenants/{id}/asks/{ask}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response ask(@PathParam("id") UUID id, @PathParam("ask") UUID ask, @PathParam("action") String action,
            @RestForm String text) {
        switch (action) {
            case "approve" -> asks.approve(id, ask, staff.name());
            case "answer" -> {
                var a = new TrialAsks.Answer(text == null ? "" : text.strip());
                Map<String, String> errors = new HashMap<>();
                validate(a, errors);
                if (!errors.isEmpty()) {
                    throw ApiProblem.invalid(errors.values().iterator().next(),
                            List.of(ApiProblem.FieldError.of("text", errors.values().iterator().next())));
                }
                asks.answer(id, ask, a, staff.name());
            }
            default -> throw ApiProblem.notFound("Action '" + action + "'");
        }
        return Response.seeOther(URI.create("/console/tenants/" + id + "?done=ask#asks")).build();
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
        return Pages.html(422, Templates.index(templateOptions(locale), queue(null, null, null, 1, locale), form, errors, null),
                locale,
                null);
    }

    @GET
    @Path("tenants/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response tenant(@PathParam("id") UUID id, @QueryParam("done") String done, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        return tenantPage(id, null, done == null ? null : doneMessage(done, locale), TenantForm.EMPTY,
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
            @RestForm String salesStage, @Context HttpHeaders headers) {
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
            case "convert" -> lifecycle.convert(id, actor);
            case "stage" -> followUps.setStage(id, salesStage);
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

    private List<TemplateOption> templateOptions(Locale locale) {
        List<TemplateOption> options = new ArrayList<>();
        Map<String, Long> current = templates.currentVersionIds();
        for (Template tpl : templates.all()) {
            Long version = current.get(tpl.key);
            if (version != null) {
                options.add(new TemplateOption(tpl.key, PageLocale.english(locale) ? tpl.nameEn : tpl.nameZh,
                        templates.bundleOf(version).meta().roles().stream()
                                .map(r -> new RoleOption(r.key(), r.name().in(locale)))
                                .toList()));
            }
        }
        return options;
    }

    /** @param owner "all", a tenant owner, or empty for the caller's own */
    private Queue queue(String owner, String state, String templateKey, int page, Locale locale) {
        String who = owner == null || owner.isBlank() || owner.equals("mine") ? staff.name()
                : owner.equals("all") ? null : owner;
        String st = state == null || state.isBlank() ? "open" : state;
        String tpl = templateKey == null || templateKey.isBlank() ? null : templateKey;
        // one more than a page, to know whether there is a next one
        List<FollowUpService.Task> tasks = followUps.queue(who, st, null, tpl, QUEUE_PAGE + 1, (page - 1) * QUEUE_PAGE, locale);
        Cards cards = new Cards(locale);
        String q = query(mapOf("owner", owner, "state", state, "templateKey", templateKey));
        String base = "/console?" + (q.isEmpty() ? "" : q + "&") + "page=";
        return new Queue(owner == null || owner.isBlank() ? "mine" : owner, st, templateKey == null ? "" : templateKey,
                followUps.owners(), tasks.stream().limit(QUEUE_PAGE).map(cards::card).toList(), page,
                page > 1 ? base + (page - 1) : null, tasks.size() > QUEUE_PAGE ? base + (page + 1) : null,
                q.isEmpty() ? "/console" : "/console?" + q);
    }

    /** Task cards in one language: the bundles and formatters looked up once per page, not per card. */
    private final class Cards {
        final FollowMessages f;
        final Messages m;
        final io.modelhouse.common.WorkMessages w;
        final DateTimeFormatter minutes = Dates.minutes("Asia/Shanghai");
        final java.time.Instant now = clock.now();

        Cards(Locale locale) {
            f = PageLocale.follow(locale);
            m = PageLocale.messages(locale);
            w = PageLocale.work(locale);
        }

        TaskCard card(FollowUpService.Task t) {
            long left = Math.max(0, java.time.Duration.between(now, t.expiresAt()).toDays());
            String note = null;
            if ("done".equals(t.state())) {
                note = "cleared".equals(t.outcome()) ? f.fu_cleared()
                        : f.fu_done_by(t.completedBy(), minutes.format(t.completedAt()), t.outcome());
            } else if (t.snoozedUntil() != null && t.snoozedUntil().isAfter(now)) {
                note = f.fu_snoozed_until(minutes.format(t.snoozedUntil()));
            }
            return new TaskCard(t.id().toString(), t.tenantId().toString(), t.company(), t.signal(), signalName(f, t.signal()),
                    t.priority(), Labels.stage(m, t.stage()), f.fu_days_left(left), t.reason(), t.why(), t.suggestion(),
                    t.material().stream().map(x -> new MaterialLink(x.title(), Labels.documentKind(w, x.kind()), x.url()))
                            .toList(),
                    t.state(), note, minutes.format(t.createdAt()));
        }
    }

    static String signalName(FollowMessages f, String signal) {
        return switch (signal) {
            case "eb_first_login" -> f.fu_sig_eb_first_login();
            case "missing_stakeholder" -> f.fu_sig_missing_stakeholder();
            case "three_roles_active" -> f.fu_sig_three_roles_active();
            case "scenario_finished" -> f.fu_sig_scenario_finished();
            case "value_moment" -> f.fu_sig_value_moment();
            case "stalled" -> f.fu_sig_stalled();
            case "activity_drop" -> f.fu_sig_activity_drop();
            case "expiring_engaged" -> f.fu_sig_expiring_engaged();
            case "extension_requested" -> f.fu_sig_extension_requested();
            case "contact_requested" -> f.fu_sig_contact_requested();
            case "colleague_invited" -> f.fu_sig_colleague_invited();
            case "integration_tested" -> f.fu_sig_integration_tested();
            case "self_service" -> f.fu_sig_self_service();
            case "join_requested" -> f.fu_sig_join_requested();
            default -> signal;
        };
    }

    private static FleetService.Filter fleetFilter(String q, String templateKey, String state, String owner, String minScore,
            String expiringDays) {
        return new FleetService.Filter(q, templateKey, state, owner, FormFields.number(minScore),
                FormFields.number(expiringDays));
    }

    private static Map<String, String> mapOf(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String pageUrl(String query, int page) {
        return "/console/tenants?" + (query.isEmpty() ? "" : query + "&") + "page=" + page;
    }

    private static String query(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        new java.util.TreeMap<>(params).forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                b.append(b.isEmpty() ? "" : "&").append(k).append('=')
                        .append(java.net.URLEncoder.encode(v.trim(), java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return b.toString();
    }

    /** The tenant page's follow-up part: stage, timeline of the last 30 days, activity by role, open tasks. */
    private FollowCard followCard(Tenant tenant, io.modelhouse.followup.EngagementService.View e, Locale locale) {
        Messages m = PageLocale.messages(locale);
        FollowMessages f = PageLocale.follow(locale);
        String stage = followUps.stageOf(tenant);
        List<RoleOption> stages = new ArrayList<>();
        stages.add(new RoleOption("", f.fu_stage_auto(Labels.stage(m, followUps.derivedStage(tenant)))));
        FollowUps.STAGES.forEach(s -> stages.add(new RoleOption(s, Labels.stage(m, s))));
        var bundle = templates.bundleOf(tenant.templateVersionId);
        Map<String, String> roleNames = new java.util.LinkedHashMap<>();
        bundle.meta().roles().forEach(r -> roleNames.put(r.key(), r.name().in(locale)));
        java.time.ZoneId zone = java.time.ZoneId.of(tenant.timeZone);
        java.time.LocalDate today = clock.today(zone);
        java.time.LocalDate from = today.minusDays(29);
        var data = usage.perDayAndRole(tenant.id, from.atStartOfDay(zone).toInstant(), tenant.timeZone);
        String svg = TimelineSvg.draw(from, today, data, roleNames, f.fu_timeline_label(tenant.company, 30));
        Map<String, long[]> byRole = new java.util.LinkedHashMap<>();
        data.forEach(d -> {
            long[] v = byRole.computeIfAbsent(d.role(), k -> new long[2]);
            v[0] += d.events();
            v[1]++;
        });
        var people = e.people();
        List<RoleActivity> roles = byRole.entrySet().stream()
                .map(r -> new RoleActivity(roleNames.getOrDefault(r.getKey(), r.getKey()),
                        people.stream().filter(p -> p.role().equals(r.getKey()) && p.activeDays() > 0).count(), r.getValue()[0],
                        r.getValue()[1]))
                .toList();
        List<TaskCard> tasks = followUps.queue(null, "all", tenant.id, null, 50, locale).stream()
                .filter(t -> !"done".equals(t.state())).map(new Cards(locale)::card).toList();
        return new FollowCard(stage, Labels.stage(m, stage), tenant.salesStage != null, stages, new RawString(svg),
                !data.isEmpty(),
                roles, tasks);
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
        FollowMessages f = PageLocale.follow(locale);
        List<AskRow> askRows = asks.ofTenant(id).stream()
                .map(a -> new AskRow(a.id.toString(), a.kind, a.days, minutes.format(a.createdAt), a.person,
                        "extension".equals(a.kind) ? m.console_ask_extension(a.days) : m.console_ask_contact(), a.message,
                        a.answeredAt == null ? null : f.fu_ask_answered(a.answeredBy, minutes.format(a.answeredAt), a.answer)))
                .toList();
        // one engagement read for both cards
        var e = engaged(tenant) ? engagement.of(tenant.id) : null;
        EngagementCard card = e == null ? null : engagementCard(tenant, e, locale);
        return Pages.html(status, Templates.tenant(row(tenant, locale), rows, roles, created, message, form, errors, askRows,
                card, e == null ? null : followCard(tenant, e, locale)), locale, null);
    }

    /** The engagement card of the tenant page (for a tenant people can use: {@link #engaged}). */
    private EngagementCard engagementCard(Tenant tenant, io.modelhouse.followup.EngagementService.View e, Locale locale) {
        var w = PageLocale.work(locale);
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

    /** A tenant people can use (not being built, not pooled, not purged): the one whose engagement the page shows. */
    private static boolean engaged(Tenant tenant) {
        return java.util.EnumSet.of(TenantState.READY, TenantState.ACTIVE, TenantState.EXPIRED, TenantState.CONVERTED)
                .contains(tenant.state);
    }

    private <T> void validate(T request, Map<String, String> errors) {
        FormFields.check(validator, request, errors);
    }

    private static String doneMessage(String action, Locale locale) {
        Messages m = PageLocale.messages(locale);
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
            case "stage" -> PageLocale.follow(locale).fu_stage_saved();
            case "convert" -> PageLocale.signup(locale).su_done_converted();
            case "move-in" -> PageLocale.signup(locale).su_done_moved_in();
            case "ask" -> PageLocale.follow(locale).fu_ask_done();
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
