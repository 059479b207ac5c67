package io.modelhouse.portal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestForm;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Dates;
import io.modelhouse.common.FormFields;
import io.modelhouse.common.FormPost;
import io.modelhouse.common.Labels;
import io.modelhouse.common.Messages;
import io.modelhouse.common.PageLocale;
import io.modelhouse.common.Pages;
import io.modelhouse.common.WorkMessages;
import io.modelhouse.identity.AccountService;
import io.modelhouse.identity.AccountStore;
import io.modelhouse.identity.Prospect;
import io.modelhouse.identity.ProspectResolver;
import io.modelhouse.lifecycle.TrialAsks;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateService;
import io.modelhouse.tenant.CreateTenantRequest;
import io.modelhouse.usage.ScenarioProgress;
import io.modelhouse.usage.UsageService;
import io.modelhouse.workspace.OrgUnit;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;

/** The prospect's model house: their company, days left, org chart and records. */
@Path("/portal")
@Authenticated
@Blocking
public class PortalPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(Header header, List<Kpi> kpis, List<TreeRow> tree, List<Tab> tabs,
                Table table, Invite invite, List<ViewTab> views, List<WorkspaceSections.Entry> entries, Track track, Asks asks,
                Work work, List<ScenarioCard> scenarios);

        static native TemplateInstance ended(String company, String expiredOn, String contact, Asks asks);

        static native TemplateInstance staff();

        static native TemplateInstance recap(Recap recap, String contact, Asks asks);
    }

    public record Header(String company, String templateName, String roleName, String personName, long daysLeft,
            String expiresOn, boolean warn, String banner, String logoUrl, String brandCss) {
    }

    public record Kpi(String label, String value, String hint) {
    }

    /**
     * The invite-a-colleague box: seats used, the roles to choose from, the last result, and what was
     * typed with what is wrong with it when the form is shown again.
     */
    public record Invite(long used, int limit, List<RoleOption> roles, String message, Map<String, String> form,
            Map<String, String> errors) {
        public boolean full() {
            return used >= limit;
        }
    }

    public record RoleOption(String key, String name) {
    }

    /** The trial's asks: a message once one was received, or the form again with what is wrong. */
    /** What the team did in a trial that is over, for the open house (read-only) page. */
    public record Recap(String company, String ended, String until, List<String> active, List<String> never, int stepsDone,
            int stepsTotal, long records, int valueMoments, int activeDays, String summary, String mailto,
            String activeNames, String neverNames) {
    }

    public record Asks(String received, String kind, Map<String, String> form, Map<String, String> errors) {

        static final Asks NONE = new Asks(null, null, Map.of(), Map.of());

        public List<String> dayChoices() {
            return List.of("7", "14", "30");
        }
    }

    /** A section of the workspace the prospect can switch to. */
    public record ViewTab(String key, String name, boolean active) {
    }

    /**
     * What the workspace view needs besides its entries: the section's name (for its empty
     * message), the last action's result, which form was refused, and the roles a task can go to.
     */
    public record Work(String section, String flash, String invalid, String problem, List<RoleOption> roles, String today) {
    }

    /** What is wrong with the refused form (its place says which form it was). */
    private static String problem(WorkMessages m, String invalid) {
        if (invalid == null) {
            return null;
        }
        if (invalid.startsWith("channel-")) {
            return m.ws_message_invalid();
        }
        if (invalid.startsWith("flow-")) {
            return m.ws_approval_invalid();
        }
        if (invalid.startsWith("integration-")) {
            return m.ws_int_invalid();
        }
        return m.ws_task_invalid();
    }

    /** One of the person's guided scenarios: how far they are, and each step with where it is done. */
    public record ScenarioCard(String key, String title, long done, int total, boolean finished, List<StepLine> steps) {
    }

    public record StepLine(String title, boolean done, String link) {
    }

    public record TreeRow(int depth, String name, long headcount, String people) {
        public int indent() {
            return depth * 16;
        }
    }

    public record Tab(String key, String name, long count, boolean active) {
    }

    /** The first rows of a record type; each row links to its record, {@code all} to the full list. */
    public record Table(List<String> columns, List<List<String>> rows, long total, List<String> links, String all) {
    }

    @Inject
    ProspectResolver prospects;
    @Inject
    PortalService portal;
    @Inject
    TemplateService templates;
    @Inject
    AccountService accounts;
    @Inject
    AccountStore accountStore;
    @Inject
    WorkspaceSections sections;
    @Inject
    Validator validator;
    @Inject
    UsageService usage;
    @Inject
    JsonWebToken idToken;
    @Inject
    TrialAsks asks;
    @Inject
    ScenarioProgress progress;
    @Inject
    io.modelhouse.followup.EngagementService engagement;
    @Inject
    io.modelhouse.common.ModelhouseConfig config;
    @Inject
    @CacheName("portal-org-chart")
    Cache orgCharts;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response index(@QueryParam("type") String type, @QueryParam("view") String view, @QueryParam("lang") String lang,
            @QueryParam("invited") String invited, @QueryParam("asked") String asked, @QueryParam("done") String done,
            @QueryParam("invalid") String invalid, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        var outcome = prospects.resolveRecent();
        TemplateInstance page = switch (outcome.access()) {
            case NOT_A_PROSPECT -> Templates.staff();
            case ENDED -> ended(outcome.prospect(), locale, asked(PageLocale.messages(locale), asked));
            case OPEN_HOUSE -> recap(outcome.prospect(), locale, asked(PageLocale.messages(locale), asked));
            case OPEN -> {
                String shown = view != null && WorkspaceSections.VIEWS.contains(view) ? view : "records";
                Messages m = PageLocale.messages(locale);
                Asks asks = asked(m, asked);
                Shown open = open(outcome.prospect(), type, shown, locale,
                        invited == null ? null : m.portal_invite_sent(invited), Map.of(), Map.of(), asks,
                        flash(PageLocale.work(locale), done),
                        invalid);
                recordVisit(outcome.prospect(), open.track());
                yield open.page();
            }
        };
        return Pages.html(page, locale, lang);
    }

    /**
     * The invite form: a colleague joins the model house within the seat limit; the password goes to
     * them by mail. Checked by the API's constraints; what is wrong is shown at the field.
     */
    @POST
    @FormPost
    @Path("invite")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response invite(@RestForm String name, @RestForm String email, @RestForm String role, @Context HttpHeaders headers) {
        Prospect p = prospects.require();
        var contact = new CreateTenantRequest.Contact(name == null ? "" : name.trim(), email == null ? "" : email.trim(), role);
        Map<String, String> errors = new HashMap<>();
        FormFields.check(validator, contact, errors);
        if (errors.isEmpty()) {
            try {
                var invitedAccount = accounts.invite(p.tenant().id, contact, "prospect:" + p.account().username);
                portal.forgetNumbers(p.tenant().id);
                usage.record(PortalResource.actor(p), "invite_sent", "invite", invitedAccount.account().roleKey);
                return Response.seeOther(URI.create("/portal?view=records&invited="
                        + URLEncoder.encode(contact.email(), StandardCharsets.UTF_8))).build();
            } catch (ApiProblem problem) {
                if (problem.status() != 422) {
                    throw problem;
                }
                problem.errors().forEach(e -> errors.put(e.path(), e.message()));
            }
        }
        Locale locale = PageLocale.resolve(null, headers);
        Map<String, String> form = new HashMap<>();
        form.put("name", contact.name());
        form.put("email", contact.email());
        form.put("role", role == null ? "" : role);
        return Pages.html(422, open(p, null, "records", locale, null, form, errors, Asks.NONE, null, null).page(), locale,
                null);
    }

    /**
     * "Request an extension": how many days (1–30) and why. Kept for pre-sales (console), mailed to
     * the tenant's owner, recorded as usage; the prospect is told it was received.
     */
    @POST
    @FormPost
    @Path("asks/extension")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response askExtension(@RestForm String days, @RestForm String why, @Context HttpHeaders headers) {
        Prospect p = prospects.requireKnown().prospect();
        var ask = new TrialAsks.ExtensionAsk(FormFields.number(days), why == null ? null : why.strip());
        Map<String, String> errors = new HashMap<>();
        FormFields.check(validator, ask, errors);
        if (!errors.isEmpty()) {
            return askRefused(p, "extension", Map.of("days", days == null ? "" : days, "why", why == null ? "" : why), errors,
                    headers);
        }
        asks.extension(p, ask);
        usage.record(PortalResource.actor(p), "extension_requested", "trial", String.valueOf(ask.days()));
        return Response.seeOther(URI.create("/portal?asked=extension#asks")).build();
    }

    /** "Talk to sales": optionally what about. Kept, mailed and recorded like an extension request. */
    @POST
    @FormPost
    @Path("asks/contact")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response askContact(@RestForm String message, @Context HttpHeaders headers) {
        Prospect p = prospects.requireKnown().prospect();
        var ask = new TrialAsks.ContactAsk(message == null ? null : message.strip());
        Map<String, String> errors = new HashMap<>();
        FormFields.check(validator, ask, errors);
        if (!errors.isEmpty()) {
            return askRefused(p, "contact", Map.of("message", message == null ? "" : message), errors, headers);
        }
        asks.contact(p, ask);
        usage.record(PortalResource.actor(p), "contact_requested", "trial", null);
        return Response.seeOther(URI.create("/portal?asked=contact#asks")).build();
    }

    /** The page again with the ask's form as it was sent; each error in the page's words, at its field. */
    private Response askRefused(Prospect p, String kind, Map<String, String> form, Map<String, String> violations,
            HttpHeaders headers) {
        Locale locale = PageLocale.resolve(null, headers);
        Messages m = PageLocale.messages(locale);
        Map<String, String> errors = new HashMap<>();
        violations.keySet().forEach(field -> errors.put(field, field.equals("days") ? m.ask_days_range() : m.ask_too_long()));
        var access = prospects.requireKnown().access();
        if (access == ProspectResolver.Access.ENDED) {
            return Pages.html(422, ended(p, locale, new Asks(null, kind, form, errors)), locale, null);
        }
        if (access == ProspectResolver.Access.OPEN_HOUSE) {
            return Pages.html(422, recap(p, locale, new Asks(null, kind, form, errors)), locale, null);
        }
        return Pages.html(422, open(p, null, "records", locale, null, Map.of(), Map.of(), new Asks(null, kind, form, errors),
                null, null).page(), locale, null);
    }

    /**
     * Events from the page's own script (/assets/usage.js): {@code events} is the JSON array of
     * {@code POST /api/portal/events}, sent with the session cookie and the form token (a beacon
     * cannot set headers). 202 once committed; who did it comes from the session.
     */
    @POST
    @FormPost
    @Path("events")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response events(@RestForm String events) {
        Prospect p = prospects.requireRecent();
        return Response.accepted(usage.acceptJson(PortalResource.actor(p), events)).build();
    }

    /**
     * The page view (its section is the feature) and, in the first minutes of a login session, the
     * login: every page of those minutes reports it, and it is stored once (its id is the session's).
     */
    private void recordVisit(Prospect p, Track track) {
        var actor = PortalResource.actor(p);
        usage.capture(actor, "page_view", track.feature(), track.target());
        Long authTime = idToken.getClaim("auth_time") instanceof Number n ? n.longValue() : null;
        Object sid = idToken.getClaim("sid");
        if (authTime != null) {
            java.time.Instant at = java.time.Instant.ofEpochSecond(authTime);
            if (at.isAfter(java.time.Instant.now().minus(java.time.Duration.ofMinutes(10)))) {
                usage.captureLogin(actor, sid == null ? String.valueOf(authTime) : sid.toString(), at);
            }
        }
    }

    /** A page and what its view is, for usage: the feature (a section, or records.<type>) and its address. */
    record Shown(TemplateInstance page, Track track) {
    }

    /** What the usage script reports a page as; the page carries it for /assets/usage.js. */
    public record Track(String feature, String target) {
    }

    private static Asks asked(Messages m, String asked) {
        return "extension".equals(asked) ? new Asks(m.ask_extension_received(), "extension", Map.of(), Map.of())
                : "contact".equals(asked) ? new Asks(m.ask_contact_received(), "contact", Map.of(), Map.of()) : Asks.NONE;
    }

    /**
     * An ended trial: read-only, friendly, with the ways forward: ask for more days, ask for a call,
     * or write to the owner of the trial at Modelhouse.
     */
    private TemplateInstance ended(Prospect p, Locale locale, Asks asks) {
        String owner = p.tenant().ownerEmail;
        return Templates.ended(p.tenant().company, Dates.day(p.tenant().expiresAt, p.tenant().timeZone, locale),
                owner != null && owner.contains("@") ? owner : config.mail().salesAddress(), asks);
    }

    /**
     * The open house: the trial is over, its people may still look. What their team did, a summary
     * to forward to colleagues who never came in, and the ways forward (more days, a call).
     */
    private TemplateInstance recap(Prospect p, Locale locale, Asks asks) {
        var t = p.tenant();
        io.modelhouse.common.SignupMessages su = PageLocale.signup(locale);
        TemplateBundle bundle = templates.bundleOf(t.templateVersionId);
        var seen = engagement.of(t.id);
        List<String> active = new ArrayList<>();
        List<String> never = new ArrayList<>();
        for (var a : accountStore.ofTenant(t.id)) {
            TemplateBundle.Role role = bundle.role(a.roleKey);
            String who = a.name + "（" + (role == null ? a.roleKey : role.name().in(locale)) + "）";
            (a.lastLoginAt == null ? never : active)
                    .add(PageLocale.english(locale) ? who.replace("（", " (").replace("）", ")") : who);
        }
        long records = io.modelhouse.workspace.BusinessRecord.count("origin", "prospect");
        String ended = Dates.day(t.expiresAt, t.timeZone, locale);
        String until = Dates.day(t.openHouseUntil, t.timeZone, locale);
        String url = config.publicUrl() + "/portal";
        String summary = su.su_recap_summary(t.company, ended, active.size(),
                String.join(PageLocale.english(locale) ? ", " : "、",
                        active),
                seen.scenarioProgress().done(), seen.scenarioProgress().total(), records, until, url);
        String mailto = "mailto:?subject=" + encode(su.su_recap_title(t.company)) + "&body=" + encode(summary);
        String owner = t.ownerEmail;
        return Templates.recap(new Recap(t.company, ended, until, active, never, seen.scenarioProgress().done(),
                seen.scenarioProgress().total(), records, seen.valueMomentsReached().size(), seen.activeDays(), summary,
                mailto, String.join(PageLocale.english(locale) ? ", " : "、", active),
                String.join(PageLocale.english(locale) ? ", " : "、", never)),
                owner != null && owner.contains("@") ? owner : config.mail().salesAddress(), asks);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The result line of the workspace action just done (its redirect says which). */
    private static String flash(WorkMessages m, String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "posted" -> m.ws_flash_posted();
            case "started" -> m.ws_flash_started();
            case "decided" -> m.ws_flash_decided();
            case "not_yours" -> m.ws_flash_not_yours();
            case "task_created" -> m.ws_flash_task_created();
            case "task_assigned" -> m.ws_flash_task_assigned();
            case "task_done" -> m.ws_flash_task_done();
            case "read" -> m.ws_flash_read();
            case "configured" -> m.ws_flash_configured();
            case "tested" -> m.ws_flash_tested();
            default -> null;
        };
    }

    private Shown open(Prospect p, String type, String view, Locale locale, String inviteMessage,
            Map<String, String> form,
            Map<String, String> errors, Asks asks, String flash, String invalid) {
        Messages m = PageLocale.messages(locale);
        TemplateBundle bundle = templates.bundleOf(p.tenant().templateVersionId);
        TemplateBundle.Role role = bundle.role(p.account().roleKey);
        long daysLeft = portal.daysLeft(p);
        Header header = new Header(p.tenant().company, bundle.meta().name().in(locale),
                role == null ? p.account().roleKey : role.name().in(locale), p.account().name, daysLeft,
                Dates.day(p.tenant().expiresAt, p.tenant().timeZone, locale),
                daysLeft <= 7 && p.tenant().state != io.modelhouse.tenant.TenantState.CONVERTED,
                m.portal_banner_ending(daysLeft,
                        Dates.day(p.tenant().expiresAt, p.tenant().timeZone, locale)),
                p.tenant().logoUrl, BrandColors.css(p.tenant().brandColor));

        PortalService.Numbers numbers = portal.numbers(p.tenant().id, () -> accountStore.seatsUsed(p.tenant().id));
        Map<String, Map<String, Long>> counts = numbers.statusCounts();
        List<Tab> tabs = new ArrayList<>();
        TemplateBundle.RecordType active = null;
        for (TemplateBundle.RecordType rt : bundle.records().types()) {
            boolean isActive = type == null ? active == null : rt.key().equals(type);
            if (isActive) {
                active = rt;
            }
            long n = counts.getOrDefault(rt.key(), Map.of()).values().stream().mapToLong(Long::longValue).sum();
            tabs.add(new Tab(rt.key(), rt.name().in(locale), n, isActive));
        }
        if (active == null) {
            active = bundle.records().types().get(0);
            tabs.set(0, new Tab(tabs.get(0).key(), tabs.get(0).name(), tabs.get(0).count(), true));
        }

        List<Kpi> kpis = new ArrayList<>();
        kpis.add(new Kpi(m.portal_kpi_people(), String.valueOf(numbers.members()), m.portal_kpi_people_hint()));
        for (TemplateBundle.RecordType rt : bundle.records().types().subList(0, Math.min(3, bundle.records().types().size()))) {
            Map<String, Long> byStatus = counts.getOrDefault(rt.key(), Map.of());
            long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
            TemplateBundle.Status first = rt.statuses().get(0);
            kpis.add(new Kpi(rt.name().in(locale), String.valueOf(total),
                    first.name().in(locale) + " " + byStatus.getOrDefault(first.key(), 0L)));
        }

        long used = numbers.seats();
        Invite invite = new Invite(used, p.tenant().seatLimit, bundle.meta().roles().stream()
                .map(r -> new RoleOption(r.key(), r.name().in(locale))).toList(), inviteMessage, form, errors);
        List<ViewTab> views = WorkspaceSections.VIEWS.stream().map(v -> new ViewTab(v, Labels.view(m, v), v.equals(view)))
                .toList();
        List<WorkspaceSections.Entry> entries = view.equals("records") ? null
                : sections.section(view, bundle, new WorkspaceSections.Viewer(p.account().id, p.account().roleKey),
                        p.tenant().timeZone, locale);
        Track track = view.equals("records") ? new Track("dashboard", "/portal?type=" + active.key())
                : new Track(view, "/portal?view=" + view);
        Work work = new Work(Labels.view(m, view), flash, invalid, problem(PageLocale.work(locale), invalid), invite.roles(),
                java.time.LocalDate.now(java.time.ZoneId.of(p.tenant().timeZone)).plusDays(1).toString());
        return new Shown(Templates.index(header, kpis, orgChart(p), tabs,
                view.equals("records") ? table(active, locale, p.tenant().timeZone, tabs) : null,
                invite, views, entries, track, asks, work, scenarios(p, bundle, locale)), track);
    }

    /** The person's role's scenarios with their progress (from what they did), each step linked to where it is done. */
    private List<ScenarioCard> scenarios(Prospect p, TemplateBundle bundle, Locale locale) {
        List<TemplateBundle.Scenario> mine = bundle.scenarios().scenarios().stream()
                .filter(s -> s.role().equals(p.account().roleKey)).toList();
        List<ScenarioCard> cards = new ArrayList<>();
        for (var state : progress.of(p.tenant().id, PortalResource.actor(p), mine)) {
            List<StepLine> steps = new ArrayList<>();
            for (int i = 0; i < state.scenario().steps().size(); i++) {
                var st = state.scenario().steps().get(i);
                steps.add(new StepLine(st.title().in(locale), state.doneAt().get(i) != null, link(st)));
            }
            cards.add(new ScenarioCard(state.scenario().key(), state.scenario().title().in(locale), state.done(),
                    steps.size(), state.finished(), steps));
        }
        return cards;
    }

    /** Where a step is done: the page (and the place on it) of the step's feature. */
    static String link(TemplateBundle.Step step) {
        String f = step.feature();
        String key = f.contains(".") ? f.substring(f.indexOf('.') + 1) : "";
        return switch (f.contains(".") ? f.substring(0, f.indexOf('.')) : f) {
            case "records" -> "/portal/records/" + key;
            case "channels" -> "/portal?view=channels#channel-" + key;
            case "approvals" -> "/portal?view=approvals#flow-" + key;
            case "integrations" -> "/portal?view=integrations#integration-" + key;
            case "tasks" -> "/portal?view=tasks";
            case "announcements" -> "/portal?view=announcements";
            case "knowledge" -> step.target() == null ? "/portal/help" : "/portal/help/" + step.target();
            case "org" -> "/portal#org";
            default -> "/portal";
        };
    }

    /**
     * The org chart as the page shows it, made once per tenant and tenant version: it was a third of
     * the dashboard's time (its queries are HQL, which Hibernate translates anew on every call while
     * the tenant filter is on), and a prospect cannot change it; a reset, which re-clones it, changes
     * the tenant's version and so the key.
     */
    private List<TreeRow> orgChart(Prospect p) {
        return orgCharts.get(p.tenant().id + ":" + p.tenant().version, key -> tree()).await().indefinitely();
    }

    private List<TreeRow> tree() {
        Map<UUID, Long> heads = portal.headcountByUnit();
        Map<UUID, List<PortalView.MemberView>> members = new HashMap<>();
        for (var u : portal.orgUnits(true)) {
            members.put(u.id(), u.members());
        }
        List<OrgUnit> ordered = portal.unitsInTreeOrder();
        // a unit's headcount includes its sub-units: the root shows the whole company
        Map<UUID, Long> total = new HashMap<>(heads);
        for (int i = ordered.size() - 1; i >= 0; i--) {
            OrgUnit u = ordered.get(i);
            if (u.parentId != null) {
                total.merge(u.parentId, total.getOrDefault(u.id, 0L), Long::sum);
            }
        }
        List<TreeRow> rows = new ArrayList<>();
        for (OrgUnit u : ordered) {
            List<PortalView.MemberView> ms = members.getOrDefault(u.id, List.of());
            String people = ms.stream().limit(4).map(m -> m.name() + "·" + m.title()).reduce((a, b) -> a + "，" + b).orElse("");
            if (ms.size() > 4) {
                people += " …";
            }
            rows.add(new TreeRow(u.depth, u.nameZh, total.getOrDefault(u.id, 0L), people));
        }
        return rows;
    }

    private Table table(TemplateBundle.RecordType type, Locale locale, String zone, List<Tab> tabs) {
        long total = tabs.stream().filter(t -> t.key().equals(type.key())).mapToLong(Tab::count).sum();
        var items = portal.newest(type.key(), 15);
        RecordCells cells = new RecordCells(type, locale, PageLocale.messages(locale), Dates.minutes(zone),
                Dates.near(zone, locale, portal.now()));
        List<String> columnKeys = RecordCells.columnKeys(type);
        List<List<String>> rows = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (var r : items) {
            rows.add(columnKeys.stream().map(c -> cells.cell(r, c)).toList());
            links.add("/portal/records/" + type.key() + "/" + r.id());
        }
        return new Table(columnKeys.stream().map(cells::title).toList(), rows, total, links,
                "/portal/records/" + type.key());
    }
}
