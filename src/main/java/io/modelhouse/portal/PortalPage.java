package io.modelhouse.portal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.modelhouse.common.PageLocale;
import io.modelhouse.common.Texts;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.identity.Prospect;
import io.modelhouse.identity.ProspectResolver;
import io.modelhouse.workspace.OrgUnit;
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
        static native TemplateInstance index(Texts t, Header header, List<Kpi> kpis, List<TreeRow> tree, List<Tab> tabs,
                Table table, Invite invite, List<ViewTab> views, List<WorkspaceSections.Entry> entries);

        static native TemplateInstance ended(Texts t, String company, String expiredOn);

        static native TemplateInstance staff(Texts t);
    }

    public record Header(String company, String templateName, String roleName, String personName, long daysLeft,
            String expiresOn, boolean warn, String banner, String logoUrl) {
    }

    public record Kpi(String label, String value, String hint) {
    }

    /** The invite-a-colleague box: seats used, the roles to choose from, the form's token and the last result. */
    public record Invite(long used, int limit, List<RoleOption> roles, String csrf, String message) {
        public boolean full() {
            return used >= limit;
        }
    }

    public record RoleOption(String key, String name) {
    }

    /** A section of the workspace the prospect can switch to. */
    public record ViewTab(String key, String name, boolean active) {
    }

    public record TreeRow(int depth, String name, long headcount, String people) {
        public int indent() {
            return depth * 16;
        }
    }

    public record Tab(String key, String name, long count, boolean active) {
    }

    public record Table(List<String> columns, List<List<String>> rows, long total) {
    }

    @Inject
    ProspectResolver prospects;
    @Inject
    PortalService portal;
    @Inject
    io.modelhouse.template.TemplateService templates;
    @Inject
    io.modelhouse.identity.AccountService accounts;
    @Inject
    io.modelhouse.identity.AccountStore accountStore;
    @Inject
    WorkspaceSections sections;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response index(@QueryParam("type") String type, @QueryParam("view") String view, @QueryParam("lang") String lang,
            @QueryParam("invited") String invited,
            @jakarta.ws.rs.CookieParam(io.modelhouse.common.Csrf.COOKIE) String csrfCookie, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        Texts t = Texts.of(locale);
        var outcome = prospects.resolve();
        String csrf = io.modelhouse.common.Csrf.tokenFor(csrfCookie);
        TemplateInstance page = switch (outcome.access()) {
            case NOT_A_PROSPECT -> Templates.staff(t);
            case ENDED -> Templates.ended(t, outcome.prospect().tenant().company,
                    date(outcome.prospect().tenant().expiresAt, outcome.prospect().tenant().timeZone, locale));
            case OPEN -> open(outcome.prospect(), type, view != null && WorkspaceSections.VIEWS.contains(view) ? view : "records", t, locale, csrf,
                    invited);
        };
        return io.modelhouse.common.Pages.html(page, csrf, lang);
    }

    /** The invite form: a colleague joins the model house within the seat limit; the password goes to them by mail. */
    @jakarta.ws.rs.POST
    @Path("invite")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response invite(@org.jboss.resteasy.reactive.RestForm String name, @org.jboss.resteasy.reactive.RestForm String email,
            @org.jboss.resteasy.reactive.RestForm String role, @org.jboss.resteasy.reactive.RestForm(io.modelhouse.common.Csrf.FIELD) String csrf,
            @jakarta.ws.rs.CookieParam(io.modelhouse.common.Csrf.COOKIE) String csrfCookie) {
        io.modelhouse.common.Csrf.verify(csrf, csrfCookie);
        Prospect p = prospects.require();
        if (name == null || name.isBlank() || email == null || !email.contains("@") || role == null) {
            throw io.modelhouse.common.ApiProblem.invalid("Fill in name, mail and role", List.of());
        }
        accounts.invite(p.tenant().id, new io.modelhouse.tenant.CreateTenantRequest.Contact(name.trim(), email.trim(), role),
                "prospect:" + p.account().username);
        return Response.seeOther(java.net.URI.create("/portal?invited=" + java.net.URLEncoder.encode(email.trim(),
                java.nio.charset.StandardCharsets.UTF_8))).build();
    }

    private TemplateInstance open(Prospect p, String type, String view, Texts t, Locale locale, String csrf, String invited) {
        TemplateBundle bundle = templates.bundleOf(p.tenant().templateVersionId);
        TemplateBundle.Role role = bundle.role(p.account().roleKey);
        long daysLeft = portal.daysLeft(p);
        Header header = new Header(p.tenant().company, bundle.meta().name().in(locale),
                role == null ? p.account().roleKey : role.name().in(locale), p.account().name, daysLeft,
                date(p.tenant().expiresAt, p.tenant().timeZone, locale), daysLeft <= 7, t.format("portal.banner.ending", daysLeft,
                        date(p.tenant().expiresAt, p.tenant().timeZone, locale)), p.tenant().logoUrl);

        Map<String, Map<String, Long>> counts = portal.statusCounts();
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
        kpis.add(new Kpi(t.get("portal.kpi.people"), String.valueOf(portal.memberCount()), t.get("portal.kpi.people.hint")));
        for (TemplateBundle.RecordType rt : bundle.records().types().subList(0, Math.min(3, bundle.records().types().size()))) {
            Map<String, Long> byStatus = counts.getOrDefault(rt.key(), Map.of());
            long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
            TemplateBundle.Status first = rt.statuses().get(0);
            kpis.add(new Kpi(rt.name().in(locale), String.valueOf(total),
                    first.name().in(locale) + " " + byStatus.getOrDefault(first.key(), 0L)));
        }

        long used = accountStore.seatsUsed(p.tenant().id);
        Invite invite = new Invite(used, p.tenant().seatLimit, bundle.meta().roles().stream()
                .map(r -> new RoleOption(r.key(), r.name().in(locale))).toList(), csrf,
                invited == null ? null : t.format("portal.invite.sent", invited));
        List<ViewTab> views = WorkspaceSections.VIEWS.stream().map(v -> new ViewTab(v, t.get("portal.view." + v), v.equals(view))).toList();
        List<WorkspaceSections.Entry> entries = view.equals("records") ? null
                : sections.section(view, bundle, p.account().roleKey, p.tenant().timeZone, t, locale);
        return Templates.index(t, header, kpis, tree(), tabs, view.equals("records") ? table(active, locale, p.tenant().timeZone) : null,
                invite, views, entries);
    }

    private List<TreeRow> tree() {
        Map<UUID, Long> heads = portal.headcountByUnit();
        Map<UUID, List<PortalView.MemberView>> members = new java.util.HashMap<>();
        for (var u : portal.orgUnits(true)) {
            members.put(u.id(), u.members());
        }
        List<OrgUnit> ordered = portal.unitsInTreeOrder();
        // a unit's headcount includes its sub-units: the root shows the whole company
        Map<UUID, Long> total = new java.util.HashMap<>(heads);
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

    private Table table(TemplateBundle.RecordType type, Locale locale, String zone) {
        var page = portal.records(type.key(), 0, 15);
        Map<String, String> statusNames = new java.util.HashMap<>();
        type.statuses().forEach(s -> statusNames.put(s.key(), s.name().in(locale)));
        Map<String, String> fieldNames = new java.util.HashMap<>();
        Map<String, String> fieldTypes = new java.util.HashMap<>();
        type.fields().forEach(f -> {
            fieldNames.put(f.key(), f.name().in(locale));
            fieldTypes.put(f.key(), f.type());
        });
        Texts t = Texts.of(locale);
        List<String> columnKeys = type.listColumns() == null || type.listColumns().isEmpty()
                ? List.of("ref", "title", "status", "when") : type.listColumns();
        List<String> columns = columnKeys.stream().map(c -> switch (c) {
            case "ref", "title", "status", "when" -> t.get("record.col." + c);
            default -> fieldNames.getOrDefault(c, c);
        }).toList();
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of(zone));
        List<List<String>> rows = new ArrayList<>();
        for (var r : page.items()) {
            List<String> row = new ArrayList<>();
            for (String c : columnKeys) {
                row.add(switch (c) {
                    case "ref" -> r.ref();
                    case "title" -> r.title();
                    case "status" -> statusNames.getOrDefault(r.status(), r.status());
                    case "when" -> f.format(r.occursAt());
                    default -> !r.fields().hasNonNull(c) ? ""
                            : "money".equals(fieldTypes.get(c)) ? String.format(Locale.ROOT, "%,.2f", r.fields().get(c).asDouble())
                            : "date".equals(fieldTypes.get(c)) ? dateField(r.fields().get(c).asText(), f)
                            : r.fields().get(c).asText();
                });
            }
            rows.add(row);
        }
        return new Table(columns, rows, page.total());
    }

    private static String dateField(String iso, DateTimeFormatter f) {
        try {
            return f.format(java.time.OffsetDateTime.parse(iso).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }

    private static String date(java.time.Instant at, String zone, Locale locale) {
        return Texts.of(locale).date(at, zone);
    }
}
