package io.modelhouse.identity;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Logs a person in on behalf of the browser that is about to arrive: the one who just verified their
 * mail should land in their model house, not on a password form for a password they never saw.
 * <p>
 * It goes the way a browser would: the app's own protected page answers with the redirect to
 * Keycloak and the app's state cookie; Keycloak's login form (identity-first: the username, then the
 * password) is filled in with the new account's generated password; Keycloak answers with the
 * redirect back to the app, carrying the authorization code. The browser is handed that redirect and
 * the state cookie, and finishes the ordinary code flow itself, so the session it gets is the one
 * quarkus-oidc makes. Hand-written because Keycloak offers no API that starts a browser session for
 * a user, and the realm's login is a form; it is kept to this one class.
 */
@ApplicationScoped
public class BrowserLogin {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern ERROR = Pattern.compile("(?s)<span[^>]*id=\"input-error[^\"]*\"[^>]*>(.*?)</span>");

    /** Where to send the browser, and the app cookies it must carry there. */
    public record Handover(String location, List<String> setCookies) {
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param appOrigin the app as the browser reaches it ({@code https://host[:port]}): the redirect
     *        back from Keycloak must point where the browser is
     * @param landing the app page to land on (a path under /portal)
     * @throws IllegalStateException when Keycloak does not log the person in (the caller falls back
     *         to an ordinary login link)
     */
    public Handover login(String appOrigin, String landing, String username, String password, String locale) {
        String start = appOrigin + landing + (landing.contains("?") ? "&" : "?") + "login_hint="
                + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + (locale == null ? "" : "&kc_locale=" + URLEncoder.encode(locale, StandardCharsets.UTF_8));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(start)).GET(), Map.of());
        if (r.statusCode() != 302 || r.headers().firstValue("location").isEmpty()) {
            throw new IllegalStateException("The app did not send the login to Keycloak (HTTP " + r.statusCode() + ")");
        }
        List<String> appCookies = r.headers().allValues("set-cookie");
        String next = r.headers().firstValue("location").get();
        Map<String, String> keycloak = new LinkedHashMap<>();
        // a few steps: the username form, the password form, maybe a redirect in between
        for (int step = 0; step < 6; step++) {
            if (next.startsWith(appOrigin)) {
                return new Handover(next, appCookies);
            }
            r = send(HttpRequest.newBuilder(URI.create(next)).GET(), keycloak);
            remember(r, keycloak);
            while (r.statusCode() == 200) {
                Matcher form = FORM_ACTION.matcher(r.body());
                if (!form.find()) {
                    throw new IllegalStateException("Keycloak showed a page without a login form");
                }
                Matcher error = ERROR.matcher(r.body());
                if (step > 0 && error.find()) {
                    throw new IllegalStateException("Keycloak refused the login: " + error.group(1).strip());
                }
                String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
                r = send(HttpRequest.newBuilder(URI.create(form.group(1).replace("&amp;", "&")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)), keycloak);
                remember(r, keycloak);
                step++;
                if (step > 6) {
                    throw new IllegalStateException("Keycloak kept asking for the login");
                }
            }
            if (r.statusCode() != 302 && r.statusCode() != 303 || r.headers().firstValue("location").isEmpty()) {
                throw new IllegalStateException("Keycloak answered the login with HTTP " + r.statusCode());
            }
            next = r.headers().firstValue("location").get();
        }
        throw new IllegalStateException("Keycloak did not send the browser back to the app");
    }

    private HttpResponse<String> send(HttpRequest.Builder b, Map<String, String> cookies) {
        if (!cookies.isEmpty()) {
            b.header("Cookie",
                    String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        try {
            return http.send(b.header("Accept", "text/html").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak cannot be reached for the login: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during the login", e);
        }
    }

    private static void remember(HttpResponse<String> r, Map<String, String> cookies) {
        for (String c : r.headers().allValues("set-cookie")) {
            String pair = c.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String value = pair.substring(eq + 1);
                if (value.isEmpty()) {
                    cookies.remove(pair.substring(0, eq));
                } else {
                    cookies.put(pair.substring(0, eq), value);
                }
            }
        }
    }
}
