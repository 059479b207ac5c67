package io.modelhouse.common;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.TemplateInstance;

/** What every page response shares: UTF-8 HTML, the form token cookie, the remembered language. */
public final class Pages {

    private Pages() {
    }

    public static Texts texts(String lang, HttpHeaders headers) {
        return Texts.of(PageLocale.resolve(lang, headers));
    }

    /** @param csrf the token the page's forms carry (null for a page without forms) */
    public static Response html(TemplateInstance page, String csrf, String lang) {
        var r = Response.ok(page.render(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        if (csrf != null) {
            r.cookie(Csrf.cookie(csrf));
        }
        if (lang != null && !lang.isBlank()) {
            r.cookie(PageLocale.remember(lang));
        }
        return r.build();
    }
}
