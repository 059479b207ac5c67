package io.modelhouse.console;

import java.net.URI;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
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
import io.modelhouse.common.Csrf;
import io.modelhouse.common.Pages;
import io.modelhouse.common.StaffIdentity;
import io.modelhouse.common.Texts;
import io.modelhouse.identity.AccountService;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.identity.AccountStore;
import io.modelhouse.lifecycle.TenantLifecycle;
import io.modelhouse.lifecycle.TenantPurger;
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
 * reset, extend, expire or delete it and manage its accounts.
 */
@Path("/console")
@RolesAllowed({ "presales", "admin" })
@Blocking
public class ConsolePage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(Texts t, String csrf, List<TemplateOption> templates, List<Row> tenants, String q);

        static native TemplateInstance tenant(Texts t, String csrf, Row tenant, List<AccountRow> accounts, List<RoleOption> roles,
                TenantView created, String message);
    }

    public record TemplateOption(String key, String name, List<RoleOption> roles) {
    }

    public record RoleOption(String key, String name) {
    }

    public record Row(String id, String company, String template, String state, String created, String expires, boolean fromPool,
            Long millis, boolean open) {
    }

    public record AccountRow(String username, String name, String email, String role, String state, boolean active) {
    }

    @Inject
    TenantProvisioner provisioner;
    @Inject
    TenantLifecycle lifecycle;
    @Inject
    TenantPurger purger;
    @Inject
    AccountService accounts;
    @Inject
    TemplateService templates;
    @Inject
    StaffIdentity staff;
    @Inject
    TenantService tenants;
    @Inject
    AccountStore accountStore;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response index(@QueryParam("q") String q, @QueryParam("lang") String lang, @CookieParam(Csrf.COOKIE) String csrfCookie,
            @Context HttpHeaders headers) {
        Texts t = Pages.texts(lang, headers);
        Locale locale = t.locale();
        String csrf = Csrf.tokenFor(csrfCookie);
        List<TemplateOption> options = new ArrayList<>();
        for (Template tpl : templates.all()) {
            templates.published(tpl.key).ifPresent(p -> options.add(new TemplateOption(tpl.key,
                    t.english() ? tpl.nameEn : tpl.nameZh, p.bundle().meta().roles().stream()
                            .map(r -> new RoleOption(r.key(), r.name().in(locale))).toList())));
        }
        var found = tenants.search(new TenantService.Filter(null, null, q, List.of(TenantState.POOLED, TenantState.PURGED)), 0, 50);
        List<Row> rows = found.items().stream().map(x -> row(x, locale)).toList();
        return Pages.html(Templates.index(t, csrf, options, rows, q == null ? "" : q), csrf, lang);
    }

    @POST
    @Path("tenants")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response create(@RestForm String templateKey, @RestForm String company, @RestForm Integer trialDays,
            @RestForm List<String> contactName, @RestForm List<String> contactEmail, @RestForm List<String> contactRole,
            @RestForm(Csrf.FIELD) String csrf, @CookieParam(Csrf.COOKIE) String csrfCookie, @Context HttpHeaders headers) {
        Csrf.verify(csrf, csrfCookie);
        List<CreateTenantRequest.Contact> contacts = new ArrayList<>();
        for (int i = 0; contactName != null && i < contactName.size(); i++) {
            String name = contactName.get(i);
            if (name != null && !name.isBlank()) {
                contacts.add(new CreateTenantRequest.Contact(name.trim(), value(contactEmail, i), value(contactRole, i)));
            }
        }
        if (company == null || company.isBlank() || contacts.isEmpty()) {
            throw ApiProblem.invalid("Fill in the company and at least one contact", List.of());
        }
        var created = provisioner.create(new CreateTenantRequest(templateKey, company.trim(), trialDays, contacts, null, null), null,
                staff.name());
        return tenantPage(created.tenant().id(), created.tenant(), null, csrfCookie, headers);
    }

    @GET
    @Path("tenants/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response tenant(@PathParam("id") UUID id, @QueryParam("done") String done, @CookieParam(Csrf.COOKIE) String csrfCookie,
            @Context HttpHeaders headers) {
        return tenantPage(id, null, done == null ? null : Pages.texts(null, headers).get("console.done." + done), csrfCookie, headers);
    }

    @POST
    @Path("tenants/{id}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response action(@PathParam("id") UUID id, @PathParam("action") String action, @RestForm Integer days,
            @RestForm String username, @RestForm String name, @RestForm String email, @RestForm String role,
            @RestForm(Csrf.FIELD) String csrf, @CookieParam(Csrf.COOKIE) String csrfCookie) {
        Csrf.verify(csrf, csrfCookie);
        String actor = staff.name();
        switch (action) {
            case "reset-pristine" -> lifecycle.reset(id, TenantLifecycle.ResetMode.PRISTINE, actor);
            case "reset-refresh" -> lifecycle.reset(id, TenantLifecycle.ResetMode.REFRESH, actor);
            case "extend" -> lifecycle.extend(id, days == null ? 7 : days, actor);
            case "expire" -> lifecycle.expire(id, actor);
            case "delete" -> purger.purge(id, actor);
            case "disable" -> accounts.setEnabled(id, username, false, actor);
            case "enable" -> accounts.setEnabled(id, username, true, actor);
            case "remove" -> accounts.remove(id, username, actor);
            case "invite" -> accounts.invite(id, new CreateTenantRequest.Contact(name, email, role), actor);
            default -> throw ApiProblem.notFound("Action '" + action + "'");
        }
        return Response.seeOther(URI.create("/console/tenants/" + id + "?done=" + action)).build();
    }

    private Response tenantPage(UUID id, TenantView created, String message, String csrfCookie, HttpHeaders headers) {
        Texts t = Pages.texts(null, headers);
        Locale locale = t.locale();
        Tenant tenant = tenants.require(id);
        List<AccountRow> rows = accountStore.ofTenant(id).stream()
                .map(a -> new AccountRow(a.username, a.name, a.email, a.roleKey, a.state.name(), a.state == TrialAccount.State.ACTIVE))
                .toList();
        List<RoleOption> roles = templates.bundleOf(tenant.templateVersionId).meta().roles().stream().map(r -> new RoleOption(r.key(), r.name().in(locale)))
                .toList();
        String csrf = Csrf.tokenFor(csrfCookie);
        return Pages.html(Templates.tenant(t, csrf, row(tenant, locale), rows, roles, created, message), csrf, null);
    }

    private static Row row(Tenant x, Locale locale) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", locale).withZone(ZoneId.of(x.timeZone));
        return new Row(x.id.toString(), x.company, x.templateKey + " v" + x.templateVersion, x.state.name(), f.format(x.createdAt),
                f.format(x.expiresAt), x.fromPool, x.provisioningMillis,
                x.state == TenantState.READY || x.state == TenantState.ACTIVE || x.state == TenantState.EXPIRED);
    }

    private static String value(List<String> list, int i) {
        return list == null || i >= list.size() ? null : list.get(i);
    }


}
