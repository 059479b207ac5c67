package io.modelhouse.lifecycle.signup;

import java.util.List;

import io.modelhouse.common.ApiProblem;

/**
 * A rule of the abuse guard said no: problem+json for the API (422, or 429 with Retry-After), and
 * the rule with its figures for the page, which says it in the reader's language.
 */
public class SignupRefused extends ApiProblem {

    /** The rules, as the audit log and the page name them. */
    public enum Rule {
        HONEYPOT,
        TOO_FAST,
        DISPOSABLE,
        RATE_IP,
        RATE_DOMAIN,
        TEMPLATE
    }

    private final Rule rule;
    private final String domain;
    private final long figure;

    SignupRefused(int status, Rule rule, String detail, String domain, long figure, List<FieldError> errors) {
        super(status, status == 429 ? "Too Many Requests" : "Unprocessable Content", detail, errors);
        this.rule = rule;
        this.domain = domain;
        this.figure = figure;
    }

    public Rule rule() {
        return rule;
    }

    public String domain() {
        return domain;
    }

    /** Seconds (too fast, and until a rate limit lets a request through again). */
    public long figure() {
        return figure;
    }
}
