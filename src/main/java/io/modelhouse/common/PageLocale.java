package io.modelhouse.common;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;

/**
 * Which language a page speaks: {@code ?lang=} (remembered in a cookie) beats the cookie, which
 * beats the browser's Accept-Language; Chinese otherwise, as our customers are.
 */
public final class PageLocale {

    public static final String COOKIE = "mh_lang";

    private PageLocale() {
    }

    public static Locale resolve(String langParam, HttpHeaders headers) {
        return resolve(langParam, headers.getCookies(), headers.getAcceptableLanguages());
    }

    public static Locale resolve(String langParam, Map<String, Cookie> cookies, List<Locale> accepted) {
        if (langParam != null && !langParam.isBlank()) {
            return of(langParam);
        }
        var cookie = cookies.get(COOKIE);
        if (cookie != null) {
            return of(cookie.getValue());
        }
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

    public static boolean english(Locale locale) {
        return "en".equals(locale.getLanguage());
    }

    /** The tag our pages and mails use: zh-CN or en. */
    public static String tag(Locale locale) {
        return english(locale) ? "en" : "zh-CN";
    }

    /** The words of one language, for Java code (templates say {@code {msg:…}}). */
    public static Messages messages(Locale locale) {
        return MessageBundles.get(Messages.class, Localized.Literal.of(tag(locale)));
    }

    public static WorkMessages work(Locale locale) {
        return MessageBundles.get(WorkMessages.class, Localized.Literal.of(tag(locale)));
    }

    public static FollowMessages follow(Locale locale) {
        return MessageBundles.get(FollowMessages.class, Localized.Literal.of(tag(locale)));
    }

    public static SignupMessages signup(Locale locale) {
        return MessageBundles.get(SignupMessages.class, Localized.Literal.of(tag(locale)));
    }

    public static NewCookie remember(String langParam) {
        return new NewCookie.Builder(COOKIE).value(tag(of(langParam))).path("/").maxAge(60 * 60 * 24 * 365)
                .sameSite(NewCookie.SameSite.LAX).build();
    }
}
