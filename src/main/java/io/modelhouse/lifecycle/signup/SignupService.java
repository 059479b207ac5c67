package io.modelhouse.lifecycle.signup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.ModelhouseConfig;
import io.modelhouse.common.SealedSecrets;
import io.modelhouse.identity.AccountService;
import io.modelhouse.identity.BrowserLogin;
import io.modelhouse.identity.KeycloakDirectory;
import io.modelhouse.provisioning.TenantProvisioner;
import io.modelhouse.template.Template;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateService;
import io.modelhouse.tenant.CreateTenantRequest;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantView;

/**
 * Self-service (申请体验): a public request, checked by the abuse guard, becomes a verification mail;
 * the link, opened once, becomes a model house the person is logged into, or a request pre-sales
 * review, or an invitation into the company's existing model house. src/site/markdown/self-service.md
 * lists the rules and their settings.
 */
@ApplicationScoped
public class SignupService {

    private static final Logger LOG = Logger.getLogger(SignupService.class);

    /** What opening a verification link came to. */
    public enum Outcome {
        /** Logged in: send the browser on with {@link Verified#handover()}. */
        IN,
        /** Built, but the automatic login did not work: the person logs in with the mail's password. */
        BUILT,
        REVIEW,
        JOIN,
        FAILED,
        UNKNOWN,
        EXPIRED,
        USED
    }

    public record Verified(Outcome outcome, String email, String username, BrowserLogin.Handover handover) {
    }

    @Inject
    ModelhouseConfig config;
    @Inject
    ModelhouseClock clock;
    @Inject
    TrialRequests requests;
    @Inject
    SlidingWindow window;
    @Inject
    TemplateService templates;
    @Inject
    TenantProvisioner provisioner;
    @Inject
    BrowserLogin login;
    @Inject
    KeycloakDirectory directory;
    @Inject
    AccountService accounts;
    @Inject
    SealedSecrets secrets;

    private volatile MailDomains domains;

    MailDomains domains() {
        MailDomains d = domains;
        if (d == null) {
            d = MailDomains.load(config.seedData().dir());
            domains = d;
        }
        return d;
    }

    /** For the form page: what it was given when it was shown, sealed, so the fill time can be told later. */
    public String formToken() {
        return secrets.seal(String.valueOf(clock.now().toEpochMilli()));
    }

    /**
     * A request from the form or the API. Each rule refuses with {@link SignupRefused}; a request
     * that passes is stored and its verification mail written.
     *
     * The mail's link points at {@code modelhouse.public-url}, never at the Host the request named.
     */
    public void request(SignupRequest r, String clientIp, String localeTag, boolean fromPage) {
        String verifyLink = config.publicUrl() + "/trial/verify?token=";
        var rules = config.trial().signup();
        String domain = MailDomains.domainOf(r.email());
        // the client address's limit comes first and counts every request, refused or not: a program
        // that keeps trying is held back before its refusals can fill the audit log
        long ipWait = bounded(() -> takeIp(clientIp));
        if (ipWait > 0) {
            SignupRefused e = new SignupRefused(429, SignupRefused.Rule.RATE_IP, "More than " + rules.perIp()
                    + " requests from this address within " + rules.ipWindow() + "; try again in " + ipWait + " s", domain,
                    ipWait, List.of());
            e.retryAfter((int) Math.min(Integer.MAX_VALUE, ipWait));
            throw e;
        }
        if (!rules.honeypot().isEmpty() && r.website() != null && !r.website().isBlank()) {
            throw refuse(422, SignupRefused.Rule.HONEYPOT, "The form's hidden field '" + rules.honeypot()
                    + "' was filled in, as programs do; a person leaves it empty", domain, 0, clientIp);
        }
        boolean hasToken = r.formToken() != null && !r.formToken().isBlank();
        if ((hasToken || fromPage) && !rules.minFillTime().isZero()) {
            long shown;
            try {
                shown = Long.parseLong(secrets.unseal(hasToken ? r.formToken() : "-"));
            } catch (RuntimeException e) {
                throw refuse(422, SignupRefused.Rule.TOO_FAST, "formToken is not one this app gave out; load the form again",
                        domain, rules.minFillTime().toSeconds(), clientIp);
            }
            if (Duration.between(Instant.ofEpochMilli(shown), clock.now()).compareTo(rules.minFillTime()) < 0) {
                throw refuse(422, SignupRefused.Rule.TOO_FAST, "The form was sent less than " + rules.minFillTime().toSeconds()
                        + " s after it was shown, faster than a person fills it in", domain,
                        rules.minFillTime().toSeconds(), clientIp);
            }
        }
        if (templates.published(r.templateKey().strip()).isEmpty()) {
            throw new SignupRefused(422, SignupRefused.Rule.TEMPLATE, "No published template '" + r.templateKey() + "'",
                    domain, 0, List.of(ApiProblem.FieldError.of("templateKey",
                            "use one of " + templates.currentVersionIds().keySet() + " (GET /trial lists them)")));
        }
        if (rules.refuseDisposable() && domains().disposable(domain)) {
            throw refuse(422, SignupRefused.Rule.DISPOSABLE, domain + " is a disposable-mail service; use a work mail",
                    domain, 0, clientIp);
        }
        Limited limited = bounded(() -> admit(r, domain, clientIp, localeTag, verifyLink));
        // the refusal is written after the admitting transaction ended: inside it, with the bucket's
        // lock and a connection held, a second transaction would wait for a second connection
        if (limited != null) {
            throw refuse(429, SignupRefused.Rule.RATE_DOMAIN, "More than " + rules.perDomain() + " requests from " + domain
                    + " within " + rules.domainWindow() + "; try again in " + limited.seconds() + " s", domain,
                    limited.seconds(),
                    clientIp);
        }
    }

    /** A rate limit that said no, and the seconds until it lets a request through. */
    record Limited(SignupRefused.Rule rule, long seconds) {
    }

    /** The client address's sliding window, in its own short transaction. @return seconds to wait, 0 when taken */
    @Transactional
    long takeIp(String clientIp) {
        var rules = config.trial().signup();
        return window.take("ip:" + clientIp, rules.perIp(), rules.ipWindow());
    }

    /**
     * A rate limit's bucket is locked while it is counted; a request that waits longer than the
     * lock timeout for it (a flood from one address) is told to try again instead of holding a
     * pooled connection.
     */
    private static <T> T bounded(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof java.sql.SQLException sql && "55P03".equals(sql.getSQLState())) {
                    throw (SignupRefused) new SignupRefused(429, SignupRefused.Rule.RATE_IP,
                            "Too many requests at once from here; try again in a second", null, 1, List.of()).retryAfter(1);
                }
            }
            throw e;
        }
    }

    /** The mail domain's limit and the stored request, in one transaction. @return null when admitted */
    @Transactional
    Limited admit(SignupRequest r, String domain, String clientIp, String localeTag, String verifyLink) {
        var rules = config.trial().signup();
        long wait = window.take("domain:" + domain, rules.perDomain(), rules.domainWindow());
        if (wait > 0) {
            return new Limited(SignupRefused.Rule.RATE_DOMAIN, wait);
        }
        requests.create(r, domain, clientIp, localeTag, verifyLink);
        return null;
    }

    private SignupRefused refuse(int status, SignupRefused.Rule rule, String detail, String domain, long figure,
            String clientIp) {
        requests.refused(rule.name().toLowerCase(Locale.ROOT), clientIp, domain);
        SignupRefused e = new SignupRefused(status, rule, detail, domain, figure, List.of());
        if (status == 429) {
            e.retryAfter((int) Math.min(Integer.MAX_VALUE, figure));
        }
        return e;
    }

    /**
     * Opens a verification link (once). A request that may be built is built now (from the warm pool
     * when there is one) and its person logged in for the browser.
     *
     * The login goes through {@code modelhouse.public-url}, never through the Host the request named
     * (that would send the person's password wherever a forged header points).
     */
    public Verified verify(String token) {
        String appOrigin = config.publicUrl();
        String t0 = token == null ? "" : token;
        // the owner is looked up (maybe in Keycloak) before the request's row is locked
        String owner = requests.templateOf(t0).map(this::ownerFor).orElse(null);
        TrialRequests.Taken taken = requests.take(t0, t -> decide(t, owner));
        TrialRequest t = taken.request();
        switch (taken.found()) {
            case UNKNOWN:
                return new Verified(Outcome.UNKNOWN, null, null, null);
            case EXPIRED:
                return new Verified(Outcome.EXPIRED, t.email, null, null);
            case USED:
                return used(t, appOrigin);
            default:
                break;
        }
        if (TrialRequest.REVIEW.equals(t.state)) {
            return new Verified(Outcome.REVIEW, t.email, null, null);
        }
        if (TrialRequest.JOIN.equals(t.state)) {
            return new Verified(Outcome.JOIN, t.email, null, null);
        }
        TrialRequest built;
        try {
            built = build(t, null);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Self-service request %s was verified but its model house was not built", t.id);
            requests.failed(t.id, e.getMessage());
            return new Verified(Outcome.FAILED, t.email, null, null);
        }
        return enter(built, appOrigin);
    }

    /** The one automatic login a verified request gives; without it the person logs in with the mail's password. */
    private Verified enter(TrialRequest t, String appOrigin) {
        Optional<String> password = requests.takeLogin(t.id);
        if (password.isEmpty()) {
            return new Verified(Outcome.BUILT, t.email, t.loginUsername, null);
        }
        try {
            return new Verified(Outcome.IN, t.email, t.loginUsername,
                    login.login(appOrigin, "/portal", t.loginUsername, password.get(), t.locale));
        } catch (RuntimeException e) {
            LOG.warnf("The automatic login of request %s did not work (%s); the person logs in with the mail", t.id,
                    e.getMessage());
            return new Verified(Outcome.BUILT, t.email, t.loginUsername, null);
        }
    }

    /**
     * A link opened again. A build that a crash stopped (still {@code building} a minute after the
     * verification) is done now, idempotently; otherwise the page says where the request stands.
     */
    private Verified used(TrialRequest t, String appOrigin) {
        if (TrialRequest.BUILDING.equals(t.state) && t.verifiedAt != null
                && t.verifiedAt.isBefore(clock.now().minusSeconds(60))) {
            try {
                return enter(build(t, null), appOrigin);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Self-service request %s could not be built on a second try", t.id);
                requests.failed(t.id, e.getMessage());
                return new Verified(Outcome.FAILED, t.email, null, null);
            }
        }
        return switch (t.state) {
            case TrialRequest.REVIEW -> new Verified(Outcome.REVIEW, t.email, null, null);
            case TrialRequest.JOIN -> new Verified(Outcome.JOIN, t.email, null, null);
            default -> new Verified(Outcome.USED, t.email, t.loginUsername, null);
        };
    }

    /** Decided on the locked, just-verified request (in its transaction). */
    TrialRequests.Decision decide(TrialRequest t, String owner) {
        var rules = config.trial().signup();
        Template template = templates.find(t.templateKey).orElse(null);
        boolean free = domains().free(t.mailDomain);
        Optional<UUID> same = sameCompany(t.company);
        if (same.isPresent()) {
            // only a colleague is offered to join: someone whose mail domain the model house's
            // people share; anyone else who names the company waits for pre-sales, told nothing
            return !free && requests.domainKnownIn(same.get(), t.mailDomain)
                    ? new TrialRequests.Decision(TrialRequest.JOIN, "company_has_trial", same.get(), owner)
                    : new TrialRequests.Decision(TrialRequest.REVIEW, "company_has_trial", null, owner);
        }
        if (!free && rules.maxOpenPerDomain() > 0) {
            List<UUID> open = requests.openTrialsOfDomain(t.mailDomain);
            if (open.size() >= rules.maxOpenPerDomain()) {
                return new TrialRequests.Decision(TrialRequest.JOIN, "domain_limit", open.get(0), owner);
            }
        }
        if (free && rules.reviewFreeMail()) {
            return new TrialRequests.Decision(TrialRequest.REVIEW, "free_mail", null, owner);
        }
        if (template != null && "review".equals(template.signupMode)) {
            return new TrialRequests.Decision(TrialRequest.REVIEW, "template_review", null, owner);
        }
        return new TrialRequests.Decision(TrialRequest.BUILDING, null, null, owner);
    }

    /** An open model house of a company with this name (ignoring spaces, case and the legal form). */
    private Optional<UUID> sameCompany(String company) {
        String wanted = companyKey(company);
        if (wanted.length() < 2) {
            return Optional.empty();
        }
        return Tenant.<Tenant> list("state in ?1 order by createdAt desc",
                List.of(io.modelhouse.tenant.TenantState.READY, io.modelhouse.tenant.TenantState.ACTIVE)).stream()
                .filter(x -> companyKey(x.company).equals(wanted)).map(x -> x.id).findFirst();
    }

    static String companyKey(String company) {
        String k = company == null ? "" : company.toLowerCase(Locale.ROOT).replaceAll("[\\s·.,，。()（）]", "");
        // the legal forms only (a short one such as "co" would cut real names: Tesco)
        for (String suffix : List.of("股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "coltd", "ltd", "gmbh", "llc")) {
            if (k.endsWith(suffix) && k.length() > suffix.length()) {
                k = k.substring(0, k.length() - suffix.length());
            }
        }
        return k;
    }

    /** The template's owner, else the next pre-sales person in turn. */
    String ownerFor(String templateKey) {
        Optional<Template> t = templates.find(templateKey);
        if (t.isPresent() && t.get().signupOwner != null) {
            return t.get().signupOwner;
        }
        List<String> people = config.trial().signup().owners().orElse(List.of());
        if (people.isEmpty()) {
            try {
                people = directory.mailsWithRole("presales");
            } catch (RuntimeException e) {
                LOG.warnf("Pre-sales people could not be listed (%s); the sales address owns the request", e.getMessage());
            }
        }
        if (people.isEmpty()) {
            return config.mail().salesAddress();
        }
        return people.get((int) (requests.owned() % people.size()));
    }

    /** Builds the request's model house (the idempotency key makes a second try find the first one's). */
    private TrialRequest build(TrialRequest t, String actor) {
        TemplateBundle bundle = templates.published(t.templateKey).map(p -> p.bundle())
                .orElseThrow(() -> ApiProblem.conflict("Template " + t.templateKey + " is no longer published"));
        CreateTenantRequest req = new CreateTenantRequest(t.templateKey, t.company, null,
                List.of(new CreateTenantRequest.Contact(t.name, t.email, roleFor(bundle, t.influence), t.locale)), t.owner,
                null);
        TenantView tenant = provisioner.create(req, "signup:" + t.id, actor == null ? "self-service" : actor).tenant();
        TenantView.Account a = tenant.accounts().stream().filter(x -> x.email().equalsIgnoreCase(t.email)).findFirst()
                .orElse(tenant.accounts().get(0));
        // after a review the person logs in with the invitation mail, so no password is kept for a link
        return requests.built(t.id, tenant.id(), a.username(), actor == null ? a.initialPassword() : null, actor);
    }

    /** The template role that matches the person's part in the decision (the first EB role when they did not say). */
    static String roleFor(TemplateBundle bundle, String influence) {
        List<TemplateBundle.Role> roles = bundle.meta().roles();
        String wanted = influence == null ? "EB" : influence;
        return roles.stream().filter(r -> wanted.equals(r.influence())).findFirst().orElse(roles.get(0)).key();
    }

    /** Pre-sales open a request that waited for review. */
    public TrialRequest approve(UUID id, String actor) {
        TrialRequest t = requests.moveOn(id, List.of(TrialRequest.REVIEW), TrialRequest.BUILDING, actor);
        return build(t, actor);
    }

    /** Pre-sales add the person to their company's existing model house (an invitation mail with the login). */
    public TrialRequest invite(UUID id, String actor) {
        // claimed first (join → joined), so that two clicks cannot invite twice; given back if the invitation fails
        TrialRequest t = requests.moveOn(id, List.of(TrialRequest.JOIN), TrialRequest.JOINED, actor);
        try {
            TemplateBundle bundle = templates.bundleOf(Tenant.<Tenant> findByIdOptional(t.tenantId)
                    .orElseThrow(() -> ApiProblem
                            .conflict("The model house to join is gone; refuse this request")).templateVersionId);
            accounts.invite(t.tenantId,
                    new CreateTenantRequest.Contact(t.name, t.email, roleFor(bundle, t.influence), t.locale), actor);
        } catch (RuntimeException e) {
            requests.moveOn(id, List.of(TrialRequest.JOINED), TrialRequest.JOIN, actor);
            throw e;
        }
        return requests.find(id).orElseThrow();
    }

    public TrialRequest refuse(UUID id, String actor) {
        requests.moveOn(id, List.of(TrialRequest.REVIEW, TrialRequest.JOIN), TrialRequest.REFUSED, actor);
        return requests.find(id).orElseThrow();
    }

    public List<TrialRequest> list(String state) {
        return new ArrayList<>(requests.newest(state == null || state.isBlank() ? null : state, 200));
    }
}
