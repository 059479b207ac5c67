package io.modelhouse.common;

import java.util.Locale;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.TemplateInstance;

/** What every page response shares: UTF-8 HTML in the page's language, and the language remembered when asked for. */
public final class Pages {

    private Pages() {
    }

    public static Response html(TemplateInstance page, Locale locale, String langParam) {
        return html(200, page, locale, langParam);
    }

    public static Response html(int status, TemplateInstance page, Locale locale, String langParam) {
        var r = Response.status(status).entity(render(page, locale)).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        if (langParam != null && !langParam.isBlank()) {
            r.cookie(PageLocale.remember(langParam));
        }
        return r.build();
    }

    /** The page rendered with its {@code {msg:…}} texts in the given language. */
    public static String render(TemplateInstance page, Locale locale) {
        return page.setLocale(locale).render();
    }
}
