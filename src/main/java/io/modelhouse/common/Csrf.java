package io.modelhouse.common;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.ws.rs.core.NewCookie;

/**
 * Double-submit protection for our forms: a random token in a SameSite=Strict cookie and the same
 * token in a hidden field. A page from another site can make the browser send the cookie but
 * cannot read it, so it cannot fill in the field.
 */
public final class Csrf {

    public static final String COOKIE = "mh_csrf";
    public static final String FIELD = "csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /** The token to put in forms: the caller's existing one, or a new one to set as a cookie. */
    public static String tokenFor(String cookieValue) {
        if (cookieValue != null && cookieValue.length() >= 32) {
            return cookieValue;
        }
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static NewCookie cookie(String token) {
        return new NewCookie.Builder(COOKIE).value(token).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    public static void verify(String formToken, String cookieValue) {
        if (formToken == null || cookieValue == null || !MessageDigest.isEqual(
                formToken.getBytes(StandardCharsets.UTF_8), cookieValue.getBytes(StandardCharsets.UTF_8))) {
            throw ApiProblem.forbidden("The form's security token is missing or stale; reload the page and try again.");
        }
    }
}
