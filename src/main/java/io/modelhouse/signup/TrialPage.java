package io.modelhouse.signup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.modelhouse.common.ModelhouseConfig;
import io.modelhouse.common.PageLocale;
import io.modelhouse.common.Pages;
import io.modelhouse.common.PublicForm;
import io.modelhouse.common.SignupMessages;
import io.modelhouse.lifecycle.signup.SignupRefused;
import io.modelhouse.lifecycle.signup.SignupRequest;
import io.modelhouse.lifecycle.signup.SignupService;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;

/** The public trial request (申请体验): the form, the mail sent, and the verification link's landing. */
@Path("/trial")
@Blocking
public class TrialPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(Form form);

        static native TemplateInstance sent(String email, long hours);

        static native TemplateInstance outcome(String title, String text, String action, String actionUrl);

        static native TemplateInstance verifying(String token);
    }

    /** One choice of a select; {@code hint} is said under it (a template's persona). */
    public record Option(String value, String label, String hint, boolean selected) {
    }

    public record Form(Map<String, String> values, Map<String, String> errors, String refusal, String formToken,
            String honeypot, List<Option> templates, List<Option> sizes, List<Option> roles, String lang) {
    }

    @Inject
    SignupService signup;
    @Inject
    TemplateService templates;
    @Inject
    ModelhouseConfig config;
    @Inject
    Validator validator;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response form(@QueryParam("lang") String lang, @QueryParam("template") String template,
            @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("templateKey", template == null ? "" : template);
        return Pages.html(Templates.form(form(locale, values, Map.of(), null)), locale, lang);
    }

    @POST
    @PublicForm
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response send(MultivaluedMap<String, String> fields, @Context HttpHeaders headers,
            @Context HttpServerRequest http) {
        Locale locale = PageLocale.resolve(null, headers);
        String company = fields.getFirst("company");
        String name = fields.getFirst("name");
        String email = fields.getFirst("email");
        String phone = fields.getFirst("phone");
        String templateKey = fields.getFirst("templateKey");
        String companySize = fields.getFirst("companySize");
        String role = fields.getFirst("role");
        String honeypot = config.trial().signup().honeypot();
        String website = honeypot.isEmpty() ? null : fields.getFirst(honeypot);
        String formToken = nz(fields.getFirst("formToken"));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("company", nz(company));
        values.put("name", nz(name));
        values.put("email", nz(email));
        values.put("phone", nz(phone));
        values.put("templateKey", nz(templateKey));
        values.put("companySize", nz(companySize));
        values.put("role", nz(role));
        SignupRequest r = new SignupRequest(nz(company), nz(name), nz(email), nz(phone), nz(templateKey), nz(companySize),
                nz(role), PageLocale.tag(locale), website, formToken);
        Set<ConstraintViolation<SignupRequest>> violations = validator.validate(r);
        SignupMessages su = PageLocale.signup(locale);
        if (!violations.isEmpty()) {
            Map<String, String> errors = new LinkedHashMap<>();
            // the page's own words for each field (the constraint messages are the API's, in English)
            violations.forEach(v -> errors.putIfAbsent(v.getPropertyPath().toString(),
                    fieldError(su, v.getPropertyPath().toString())));
            return Pages.html(422, Templates.form(form(locale, values, errors, su.su_err_fields())), locale, null);
        }
        try {
            // the page always gives its form a token: a post without one did not come from the page
            signup.request(r, SignupResource.clientIp(http), PageLocale.tag(locale), true);
        } catch (SignupRefused e) {
            Map<String, String> errors = new LinkedHashMap<>();
            String why = switch (e.rule()) {
                case HONEYPOT -> su.su_err_honeypot();
                case TOO_FAST -> su.su_err_too_fast(e.figure());
                case DISPOSABLE -> {
                    errors.put("email", su.su_err_disposable(e.domain()));
                    yield su.su_err_disposable(e.domain());
                }
                case RATE_IP -> su.su_err_rate_ip(minutes(e.figure()));
                case RATE_DOMAIN -> su.su_err_rate_domain(e.domain(), minutes(e.figure()));
                case TEMPLATE -> {
                    errors.put("templateKey", su.su_err_template());
                    yield su.su_err_template();
                }
            };
            Response page = Pages.html(e.status(), Templates.form(form(locale, values, errors, why)), locale, null);
            return e.retryAfterSeconds() == null ? page
                    : Response.fromResponse(page).header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
        }
        return Pages.html(Templates.sent(r.email(), config.trial().signup().linkTtl().toHours()), locale, null);
    }

    /**
     * The verification link: the model house is made and the person sent on into it, logged in;
     * or told why not, with a way on.
     */
    @GET
    @Path("verify")
    @Produces(MediaType.TEXT_HTML)
    public Response verifying(@QueryParam("token") String token, @Context HttpHeaders headers) {
        // a page that goes on by itself with a POST: mail scanners that open every link of a mail
        // (Safe Links and the like) fetch this page but do not submit it, so they cannot use the link up
        Locale locale = PageLocale.resolve(null, headers);
        return Pages.html(Templates.verifying(token == null ? "" : token), locale, null);
    }

    @POST
    @PublicForm
    @Path("verify")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response verify(@org.jboss.resteasy.reactive.RestForm String token, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(null, headers);
        SignupMessages su = PageLocale.signup(locale);
        SignupService.Verified v = signup.verify(token);
        long hours = config.trial().signup().linkTtl().toHours();
        return switch (v.outcome()) {
            case IN -> {
                Response.ResponseBuilder r = Response.seeOther(java.net.URI.create(v.handover().location()));
                v.handover().setCookies().forEach(c -> r.header("Set-Cookie", c));
                yield r.build();
            }
            case BUILT, USED -> Pages.html(v.outcome() == SignupService.Outcome.USED ? 410 : 200,
                    Templates.outcome(su.su_link_used_title(), su.su_link_used_body(), su.su_link_used_login(),
                            "/portal" + (v.username() == null ? "" : "?login_hint=" + v.username())),
                    locale, null);
            case REVIEW -> Pages.html(Templates.outcome(su.su_review_title(), su.su_review_body(v.email()), null, null), locale,
                    null);
            case JOIN ->
                Pages.html(Templates.outcome(su.su_join_title(), su.su_join_body(v.email()), null, null), locale, null);
            case FAILED -> Pages.html(Templates.outcome(su.su_failed_title(), su.su_failed_body(v.email()), null, null), locale,
                    null);
            case EXPIRED -> Pages.html(410, Templates.outcome(su.su_link_expired_title(), su.su_link_expired_body(hours),
                    su.su_back(), "/trial"), locale, null);
            case UNKNOWN -> Pages.html(404, Templates.outcome(su.su_link_unknown_title(), su.su_link_unknown_body(),
                    su.su_back(), "/trial"), locale, null);
        };
    }

    private Form form(Locale locale, Map<String, String> values, Map<String, String> errors, String refusal) {
        SignupMessages su = PageLocale.signup(locale);
        String chosen = values.getOrDefault("templateKey", "");
        List<Option> kinds = new ArrayList<>();
        templates.currentVersionIds().forEach((key, version) -> {
            TemplateBundle.Meta m = templates.bundleOf(version).meta();
            kinds.add(new Option(key, m.name().in(locale), m.persona() == null ? m.description().in(locale)
                    : m.persona().industry().in(locale) + " · " + m.persona().size().in(locale), key.equals(chosen)));
        });
        List<Option> sizes = new ArrayList<>();
        sizes.add(new Option("", su.su_size_none(), null, values.getOrDefault("companySize", "").isEmpty()));
        for (String s : List.of("1-20", "21-100", "101-500", "501-2000", "2000+")) {
            sizes.add(new Option(s, su.su_size_people(s), null, s.equals(values.get("companySize"))));
        }
        List<Option> roles = new ArrayList<>();
        roles.add(new Option("", su.su_role_none(), null, values.getOrDefault("role", "").isEmpty()));
        roles.add(new Option("EB", su.su_role_EB(), null, "EB".equals(values.get("role"))));
        roles.add(new Option("UB", su.su_role_UB(), null, "UB".equals(values.get("role"))));
        roles.add(new Option("TB", su.su_role_TB(), null, "TB".equals(values.get("role"))));
        return new Form(values, errors, refusal, signup.formToken(), config.trial().signup().honeypot(), kinds, sizes, roles,
                PageLocale.tag(locale));
    }

    private static String fieldError(SignupMessages su, String field) {
        return switch (field) {
            case "company" -> su.su_err_company();
            case "name" -> su.su_err_name();
            case "email" -> su.su_err_email();
            case "phone" -> su.su_err_phone();
            case "templateKey" -> su.su_err_template();
            default -> su.su_err_fields();
        };
    }

    private static long minutes(long seconds) {
        return Math.max(1, (seconds + 59) / 60);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
