package io.modelhouse.common;

import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;

/**
 * Which language a page speaks: {@code ?lang=} (remembered in a cookie) beats the cookie, which
 * beats the browser's Accept-Language; Chinese otherwise, as our customers are.
 */
public final class PageLocale {

    public static final String COOKIE = "mh_lang";

    private PageLocale() {
    }

    public static Locale resolve(String langParam, HttpHeaders headers) {
        if (langParam != null && !langParam.isBlank()) {
            return of(langParam);
        }
        var cookie = headers.getCookies().get(COOKIE);
        if (cookie != null) {
            return of(cookie.getValue());
        }
        List<Locale> accepted = headers.getAcceptableLanguages();
        for (Locale l : accepted) {
            if (l.getLanguage().equals("en")) {
                return Locale.ENGLISH;
            }
            if (l.getLanguage().equals("zh")) {
                return Locale.SIMPLIFIED_CHINESE;
            }
        }
        return Locale.SIMPLIFIED_CHINESE;
    }

    public static Locale of(String tag) {
        return tag.toLowerCase().startsWith("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
    }

    public static NewCookie remember(String langParam) {
        return new NewCookie.Builder(COOKIE).value(of(langParam).equals(Locale.ENGLISH) ? "en" : "zh-CN").path("/")
                .maxAge(60 * 60 * 24 * 365).sameSite(NewCookie.SameSite.LAX).build();
    }
}
