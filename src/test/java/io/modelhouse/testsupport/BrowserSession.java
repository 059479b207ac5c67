package io.modelhouse.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person with a browser: follows redirects, keeps cookies, and fills in Keycloak's login form.
 * Exercises the real authorization-code flow against the suite's Keycloak.
 */
public final class BrowserSession {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final LocalCookieJar jar = new LocalCookieJar();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // a browser on plain http (Java's own default asks for an h2c upgrade)
            .cookieHandler(jar)
            .followRedirects(HttpClient.Redirect.ALWAYS)
            .build();

    /** What a browser asks for when it opens a page. */
    private static final String ACCEPT_HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept-Language", "zh-CN").header("Accept", ACCEPT_HTML)
                .GET().build());
    }

    /** The Cookie header this browser sends to the given address (to hand its session to a load tool). */
    public String cookieHeader(String url) {
        return jar.get(URI.create(url), Map.of()).getOrDefault("Cookie", List.of("")).get(0);
    }

    /** Puts a cookie into this browser, as a page of another site could make it hold one (a CSRF attempt). */
    public void setCookie(String url, String name, String value) {
        jar.byHost.computeIfAbsent(URI.create(url).getHost(), h -> new ConcurrentHashMap<>()).put(name,
                value);
    }

    /**
     * Opens a protected page, logs in on Keycloak's form, and returns the page it lands on. With
     * organizations enabled Keycloak asks for the username first and the password on a second form,
     * so forms are filled in until none is left.
     */
    public HttpResponse<String> login(String pageUrl, String username, String password) {
        HttpResponse<String> page = get(pageUrl);
        for (int step = 0; step < 3; step++) {
            Matcher m = FORM_ACTION.matcher(page.body());
            if (!m.find()) {
                return page;
            }
            String action = m.group(1).replace("&amp;", "&");
            String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                    + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
            page = send(HttpRequest.newBuilder(URI.create(action))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        }
        return page;
    }

    /**
     * Opens a verification link as a browser does: its page goes on by itself with a form post
     * (this client runs no script, so it submits the form).
     */
    public HttpResponse<String> verify(String link) {
        HttpResponse<String> page = get(link);
        Matcher token = Pattern.compile("name=\"token\" value=\"([^\"]*)\"").matcher(page.body());
        if (page.statusCode() != 200 || !token.find()) {
            return page;
        }
        return postForm(link.replaceAll("\\?.*", ""), Map.of("token", token.group(1)));
    }

    /** The value of a hidden form field on a page, e.g. the CSRF token. */
    public String formField(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no field " + name + " on the page");
        }
        return m.group(1);
    }

    public HttpResponse<String> postForm(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .reduce((a, b) -> a + "&" + b).orElse("");
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", ACCEPT_HTML).header("Accept-Language", "zh-CN")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A form post whose fields may repeat (several contacts), in order. */
    public HttpResponse<String> postFormMulti(String url, String[][] fields) {
        StringBuilder body = new StringBuilder();
        for (String[] f : fields) {
            body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(f[0], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(f[1], StandardCharsets.UTF_8));
        }
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", ACCEPT_HTML).header("Accept-Language", "zh-CN")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** A multipart form post with one file, as a browser's file input sends it. */
    public HttpResponse<String> upload(String url, Map<String, String> fields, String fileField, String fileName,
            byte[] content) {
        String boundary = "----mh" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (var e : fields.entrySet()) {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n"
                        + e.getValue()
                        + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write(
                    ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + fileName
                            + "\"\r\nContent-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", ACCEPT_HTML)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Keeps cookies per host like a browser on localhost does. Java's own CookieManager will not send
     * a Secure cookie over plain http, while browsers treat localhost as secure, and Keycloak marks
     * its login-session cookies Secure.
     */
    private static final class LocalCookieJar extends CookieHandler {
        private final Map<String, Map<String, String>> byHost = new ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri,
                Map<String, List<String>> headers) {
            var jar = byHost.getOrDefault(uri.getHost(), Map.of());
            if (jar.isEmpty()) {
                return Map.of();
            }
            String cookie = jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .reduce((a, b) -> a + "; " + b).orElse("");
            return Map.of("Cookie", List.of(cookie));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) {
            var jar = byHost.computeIfAbsent(uri.getHost(), h -> new ConcurrentHashMap<>());
            headers.forEach((name, values) -> {
                if (name == null || !name.equalsIgnoreCase("Set-Cookie")) {
                    return;
                }
                for (String v : values) {
                    String pair = v.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        continue;
                    }
                    String key = pair.substring(0, eq).trim();
                    String value = pair.substring(eq + 1).trim();
                    boolean expired = v.toLowerCase().contains("max-age=0") || value.isEmpty();
                    if (expired) {
                        jar.remove(key);
                    } else {
                        jar.put(key, value);
                    }
                }
            });
        }
    }
}
