package io.modelhouse.portal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.inject.Inject;
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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Dates;
import io.modelhouse.common.FormPost;
import io.modelhouse.common.Messages;
import io.modelhouse.common.PageLocale;
import io.modelhouse.common.Pages;
import io.modelhouse.identity.Prospect;
import io.modelhouse.identity.ProspectResolver;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateService;
import io.modelhouse.usage.UsageService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;

/**
 * A record type of the prospect's model house, for working with: the list (search, status, day
 * range, order, pages), one record, and the forms that create and edit one. Each page view and
 * each change is a usage event. Ids of another tenant's records, or of another type, are 404.
 */
@Path("/portal/records/{type}")
@Authenticated
@Blocking
public class RecordsPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Top top, Filters filters, List<String> columns, List<Row> rows, Pager pager);

        static native TemplateInstance detail(Top top, Detail record);

        static native TemplateInstance form(Top top, FormView form);
    }

    /** What every records page shows at the top: the company, the type, and a message after a change. */
    public record Top(String company, String typeKey, String typeName, String message, String feature, String target,
            String brandCss) {
    }

    public record Option(String value, String label, boolean selected) {
    }

    public record Filters(String search, List<Option> statuses, String from, String to, boolean oldestFirst, boolean any) {
    }

    public record Row(String href, List<String> cells) {
    }

    public record Pager(long from, long to, long total, String prev, String next) {
    }

    public record Detail(String id, String ref, String title, String status, String when, boolean byProspect,
            List<Option> fields) {
    }

    /** One control of the form: {@code kind} is text, number, money, date, datetime, person or status. */
    public record Input(String name, String label, String kind, String value, List<Option> options, List<String> suggestions,
            String error) {
    }

    public record FormView(String action, String heading, List<Input> inputs, boolean failed, String cancel) {
    }

    @Inject
    ProspectResolver prospects;
    @Inject
    TemplateService templates;
    @Inject
    RecordService records;
    @Inject
    UsageService usage;
    @Inject
    PortalService portal;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response list(@PathParam("type") String typeKey, @QueryParam("q") String q, @QueryParam("status") String status,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("sort") String sort,
            @QueryParam("page") String page, @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        Messages m = PageLocale.messages(locale);
        Prospect p = prospects.requireRecent();
        TemplateBundle.RecordType type = type(p, typeKey);
        ZoneId zone = ZoneId.of(p.tenant().timeZone);
        LocalDate fromDay = day(from);
        LocalDate toDay = day(to);
        String knownStatus = type.statuses().stream().anyMatch(s -> s.key().equals(status)) ? status : null;
        boolean oldest = "oldest".equals(sort);
        int pageNo = page == null ? 0 : Math.max(0, parse(page) - 1);
        var result = records.list(type.key(), new RecordService.Query(q, knownStatus, fromDay, toDay, oldest, pageNo), zone);

        RecordCells cells = new RecordCells(type, locale, m, Dates.minutes(p.tenant().timeZone),
                Dates.near(p.tenant().timeZone, locale, portal.now()));
        List<String> keys = RecordCells.columnKeys(type);
        List<Row> rows = result.items().stream()
                .map(r -> new Row(base(type) + "/" + r.id(), keys.stream().map(c -> cells.cell(r, c)).toList())).toList();
        List<Option> statuses = new ArrayList<>();
        statuses.add(new Option("", m.records_status_any(), knownStatus == null));
        type.statuses().forEach(s -> statuses.add(new Option(s.key(), s.name().in(locale), s.key().equals(knownStatus))));
        Filters filters = new Filters(q == null ? "" : q, statuses, fromDay == null ? "" : fromDay.toString(),
                toDay == null ? "" : toDay.toString(), oldest,
                (q != null && !q.isBlank()) || knownStatus != null || fromDay != null || toDay != null);

        long first = result.total() == 0 ? 0 : (long) pageNo * RecordService.PAGE_SIZE + 1;
        long last = Math.min(result.total(), (long) (pageNo + 1) * RecordService.PAGE_SIZE);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("q", q);
        params.put("status", knownStatus);
        params.put("from", fromDay == null ? null : fromDay.toString());
        params.put("to", toDay == null ? null : toDay.toString());
        params.put("sort", oldest ? "oldest" : null);
        Pager pager = new Pager(first, last, result.total(), pageNo > 0 ? link(base(type), params, pageNo) : null,
                last < result.total() ? link(base(type), params, pageNo + 2) : null);

        String feature = "records." + type.key();
        usage.capture(PortalResource.actor(p), "page_view", feature, base(type));
        if (filters.any()) {
            usage.capture(PortalResource.actor(p), "search", feature, q == null || q.isBlank() ? null : q.strip());
        }
        return Pages.html(Templates.list(top(p, type, locale, null, base(type)), filters,
                keys.stream().map(cells::title).toList(), rows, pager), locale, lang);
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response detail(@PathParam("type") String typeKey, @PathParam("id") String id, @QueryParam("saved") String saved,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        Messages m = PageLocale.messages(locale);
        Prospect p = prospects.requireRecent();
        TemplateBundle.RecordType type = type(p, typeKey);
        var r = found(records.find(type.key(), uuid(id)));
        RecordCells cells = new RecordCells(type, locale, m, Dates.minutes(p.tenant().timeZone),
                Dates.near(p.tenant().timeZone, locale, portal.now()));
        List<Option> fields = type.fields().stream().map(f -> new Option(cells.cell(r, f.key()), f.name().in(locale), false))
                .toList();
        String message = "created".equals(saved) ? m.record_created(r.ref())
                : "updated".equals(saved) ? m.record_updated(r.ref()) : null;
        usage.capture(PortalResource.actor(p), "page_view", "records." + type.key(), r.ref());
        Detail d = new Detail(r.id().toString(), r.ref(), r.title(), cells.status(r.status()), cells.cell(r, "when"),
                "prospect".equals(r.origin()), fields);
        return Pages.html(Templates.detail(top(p, type, locale, message, r.ref()), d), locale, lang);
    }

    @GET
    @Path("new")
    @Produces(MediaType.TEXT_HTML)
    public Response create(@PathParam("type") String typeKey, @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        Prospect p = prospects.requireRecent();
        TemplateBundle.RecordType type = type(p, typeKey);
        ZoneId zone = ZoneId.of(p.tenant().timeZone);
        Map<String, String> blank = new HashMap<>();
        blank.put("status", type.statuses().get(0).key());
        blank.put("when", RecordForm.LOCAL_MINUTES.format(java.time.ZonedDateTime.now(zone).plusHours(1).withMinute(0)));
        return Pages.html(form(p, type, locale, null, null, blank, Map.of()), locale, lang);
    }

    @POST
    @FormPost
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response created(@PathParam("type") String typeKey, MultivaluedMap<String, String> posted,
            @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(null, headers);
        Prospect p = prospects.require();
        TemplateBundle.RecordType type = type(p, typeKey);
        Map<String, String> raw = single(posted);
        var checked = RecordForm.check(type, raw, ZoneId.of(p.tenant().timeZone), records.people(),
                PageLocale.messages(locale));
        if (!checked.ok()) {
            return Pages.html(422, form(p, type, locale, null, null, raw, checked.errors()), locale, null);
        }
        var r = records.create(type, checked.values());
        portal.forgetNumbers(p.tenant().id);
        usage.capture(PortalResource.actor(p), "record_created", "records." + type.key(), r.ref());
        return Response.seeOther(URI.create(base(type) + "/" + r.id() + "?saved=created")).build();
    }

    @GET
    @Path("{id}/edit")
    @Produces(MediaType.TEXT_HTML)
    public Response edit(@PathParam("type") String typeKey, @PathParam("id") String id, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        Prospect p = prospects.requireRecent();
        TemplateBundle.RecordType type = type(p, typeKey);
        var r = found(records.find(type.key(), uuid(id)));
        return Pages.html(form(p, type, locale, r.id(), r.ref(),
                RecordService.formOf(r, type, ZoneId.of(p.tenant().timeZone)), Map.of()), locale, lang);
    }

    @POST
    @FormPost
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response edited(@PathParam("type") String typeKey, @PathParam("id") String id,
            MultivaluedMap<String, String> posted, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(null, headers);
        Prospect p = prospects.require();
        TemplateBundle.RecordType type = type(p, typeKey);
        UUID recordId = uuid(id);
        var existing = found(records.find(type.key(), recordId));
        Map<String, String> raw = single(posted);
        var checked = RecordForm.check(type, raw, ZoneId.of(p.tenant().timeZone), records.people(),
                PageLocale.messages(locale));
        if (!checked.ok()) {
            return Pages.html(422, form(p, type, locale, recordId, existing.ref(), raw, checked.errors()), locale, null);
        }
        var r = found(records.update(type, recordId, checked.values()));
        portal.forgetNumbers(p.tenant().id);
        usage.capture(PortalResource.actor(p), "record_updated", "records." + type.key(), r.ref());
        return Response.seeOther(URI.create(base(type) + "/" + r.id() + "?saved=updated")).build();
    }

    // ---- the form

    private TemplateInstance form(Prospect p, TemplateBundle.RecordType type, Locale locale, UUID id, String ref,
            Map<String, String> values, Map<String, String> errors) {
        Messages m = PageLocale.messages(locale);
        TemplateBundle bundle = templates.bundleOf(p.tenant().templateVersionId);
        List<Input> inputs = new ArrayList<>();
        inputs.add(new Input("title", m.record_col_title(), "text", values.getOrDefault("title", ""), List.of(), List.of(),
                errors.get("title")));
        String status = values.getOrDefault("status", "");
        inputs.add(new Input("status", m.record_col_status(), "status", status, type.statuses().stream()
                .map(s -> new Option(s.key(), s.name().in(locale), s.key().equals(status))).toList(), List.of(),
                errors.get("status")));
        inputs.add(new Input("when", m.record_col_when(), "datetime", values.getOrDefault("when", ""), List.of(), List.of(),
                errors.get("when")));
        Set<String> people = null;
        for (TemplateBundle.Field f : type.fields()) {
            String name = "f." + f.key();
            String value = values.getOrDefault(name, "");
            List<Option> options = List.of();
            List<String> suggestions = List.of();
            if (f.type().equals("person")) {
                people = people == null ? new TreeSet<>(records.people()) : people;
                List<Option> o = new ArrayList<>();
                o.add(new Option("", m.record_person_none(), value.isEmpty()));
                people.forEach(n -> o.add(new Option(n, n, n.equals(value))));
                options = o;
            } else if (f.type().equals("text")) {
                suggestions = suggestions(bundle, type, f.key());
            }
            inputs.add(new Input(name, f.name().in(locale), f.type(), value, options, suggestions, errors.get(name)));
        }
        String heading = id == null ? m.record_new_title(type.name().in(locale)) : m.record_edit_title(ref);
        String action = id == null ? base(type) : base(type) + "/" + id;
        String cancel = id == null ? base(type) : base(type) + "/" + id;
        return Templates.form(top(p, type, locale, null, action),
                new FormView(action, heading, inputs, !errors.isEmpty(), cancel));
    }

    /** A text field generated from a vocabulary offers that vocabulary as suggestions (any text is still allowed). */
    private static List<String> suggestions(TemplateBundle bundle, TemplateBundle.RecordType type, String field) {
        if (type.generate() == null || type.generate().fields() == null) {
            return List.of();
        }
        var g = type.generate().fields().get(field);
        return g == null || g.pick() == null ? List.of() : bundle.records().vocab().getOrDefault(g.pick(), List.of());
    }

    // ---- small helpers

    private TemplateBundle.RecordType type(Prospect p, String key) {
        return templates.bundleOf(p.tenant().templateVersionId).records().types().stream()
                .filter(t -> t.key().equals(key)).findFirst().orElseThrow(() -> ApiProblem.notFound("Record type " + key));
    }

    private static Top top(Prospect p, TemplateBundle.RecordType type, Locale locale, String message, String target) {
        return new Top(p.tenant().company, type.key(), type.name().in(locale), message, "records." + type.key(), target,
                BrandColors.css(p.tenant().brandColor));
    }

    private static String base(TemplateBundle.RecordType type) {
        return "/portal/records/" + type.key();
    }

    private static PortalView.RecordView found(Optional<PortalView.RecordView> r) {
        return r.orElseThrow(() -> ApiProblem.notFound("This record"));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("This record");
        }
    }

    private static LocalDate day(String s) {
        try {
            return s == null || s.isBlank() ? null : LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            return null; // a hand-edited address: the filter is left out, the list still shows
        }
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static Map<String, String> single(MultivaluedMap<String, String> posted) {
        Map<String, String> raw = new HashMap<>();
        posted.forEach((k, v) -> raw.put(k, v == null || v.isEmpty() ? "" : v.get(0)));
        return raw;
    }

    private static String link(String base, Map<String, String> params, int page) {
        StringBuilder s = new StringBuilder(base).append("?page=").append(page);
        params.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                s.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return s.toString();
    }
}
