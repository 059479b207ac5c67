package io.modelhouse.identity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.LocalStackResource;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The browser's session from outside: one small opaque cookie, the tokens on the server, and every
 * way a session ends (logout, Keycloak's back-channel logout, an account disabled, a trial expired
 * or purged) seen on the next request; forged, tampered and unknown cookies get the login, never a 500.
 */
@QuarkusTest
class WebSessionAccessTest {

    private static final String COOKIE = "q_session_web";
    private static final Pattern LOGIN_FORM = Pattern.compile("id=\"kc-form-login\"");

    @TestHTTPResource("/")
    URL root;

    @Inject
    @CacheName(WebSessions.CACHE)
    Cache sessionCache;

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    private BrowserSession loggedIn(Tenants.Made t, String role) {
        var browser = new BrowserSession();
        String[] login = t.login(role);
        var page = browser.login(url("/portal"), login[0], login[1]);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains(t.company()), "the portal of " + t.company());
        return browser;
    }

    private static String sessionId(BrowserSession b, String url) {
        Matcher m = Pattern.compile(COOKIE + "=([^;]*)").matcher(b.cookieHeader(url));
        return m.find() ? m.group(1) : null;
    }

    /** A browser that holds only the given session cookie, as a replay or a forgery would. */
    private BrowserSession holding(String value) {
        var b = new BrowserSession();
        b.setCookie(url("/"), COOKIE, value);
        return b;
    }

    private void assertLoginAsked(HttpResponse<String> page) {
        StringBuilder chain = new StringBuilder();
        for (Optional<HttpResponse<String>> r = Optional.of(page); r.isPresent(); r = r.get().previousResponse()) {
            chain.insert(0, r.get().statusCode() + " " + r.get().uri() + " " + r.get().headers().map() + "\n");
        }
        assertEquals(200, page.statusCode(), "the login page, not an error:\n" + chain);
        assertTrue(LOGIN_FORM.matcher(page.body()).find(), "Keycloak's login form: " + page.uri());
    }

    @Test
    void aLoginLeavesOneSmallOpaqueHttpOnlyCookieAndTheTokensSealedOnTheServer() throws Exception {
        var t = Tenants.logistics("会话小饼干物流");
        var browser = new BrowserSession();
        String[] login = t.login("boss");
        var page = browser.login(url("/portal"), login[0], login[1]);
        assertEquals(200, page.statusCode());

        String header = browser.cookieHeader(url("/portal"));
        assertFalse(header.contains("q_session_at"), header);
        assertFalse(header.contains("q_session_rt"), header);
        String id = sessionId(browser, url("/portal"));
        assertNotNull(id, header);
        assertTrue(id.matches("[A-Za-z0-9_-]{43}"), "an opaque id: " + id);
        int appCookies = (COOKIE + "=" + id).length();
        assertTrue(appCookies <= 1024, "the app's session cookie is " + appCookies + " bytes");

        // the Set-Cookie the app sent on the way back from Keycloak
        List<String> setCookies = new ArrayList<>();
        for (Optional<HttpResponse<String>> r = Optional.of(page); r.isPresent(); r = r.get().previousResponse()) {
            r.get().headers().allValues("set-cookie").stream().filter(c -> c.startsWith(COOKIE + "=")).forEach(setCookies::add);
        }
        assertFalse(setCookies.isEmpty(), "the app set its session cookie");
        String set = setCookies.get(0).toLowerCase();
        assertTrue(set.contains("httponly"), set);
        assertTrue(set.contains("samesite=lax"), set);

        try (Connection c = LocalStackResource.ownerConnection();
                PreparedStatement st = c.prepareStatement("SELECT tokens FROM web_session WHERE key_hash = ?")) {
            st.setBytes(1, WebSessions.hash(id));
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), "the session's row");
                assertFalse(rs.getString(1).contains("eyJ"), "tokens are sealed at rest, not plain JWTs");
            }
        }
    }

    @Test
    void forgedTamperedAndUnknownCookiesGetTheLoginAndTheApiAnswers401() {
        var t = Tenants.logistics("伪造会话物流");
        var real = loggedIn(t, "boss");
        String id = sessionId(real, url("/portal"));
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String unknown = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String tampered = (id.charAt(0) == 'A' ? "B" : "A") + id.substring(1);
        for (String cookie : List.of(unknown, tampered, "garbage!!", id + "x",
                "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z")) {
            assertLoginAsked(holding(cookie).get(url("/portal")));
            given().cookie(COOKIE, cookie).accept("application/json").get("/api/portal/me").then().statusCode(401)
                    .contentType("application/problem+json");
        }
        // the real one still works
        assertTrue(real.get(url("/portal")).body().contains(t.company()));
    }

    @Test
    void aSessionLivesInTheDatabaseSoAnotherNodeFindsItAndADeletedOneIsOverEverywhere() throws Exception {
        var t = Tenants.logistics("共享会话物流");
        var browser = loggedIn(t, "dispatcher");
        String id = sessionId(browser, url("/portal"));

        // this node forgets it, as a node that never saw it: read from the table
        sessionCache.invalidateAll().await().indefinitely();
        assertTrue(browser.get(url("/portal")).body().contains(t.company()));

        // another node ended it (its row went); once this node's cache lets go, the cookie is worth nothing
        try (Connection c = LocalStackResource.ownerConnection();
                PreparedStatement st = c.prepareStatement("DELETE FROM web_session WHERE key_hash = ?")) {
            st.setBytes(1, WebSessions.hash(id));
            assertEquals(1, st.executeUpdate());
        }
        sessionCache.invalidateAll().await().indefinitely();
        assertLoginAsked(holding(id).get(url("/portal")));
    }

    @Test
    void afterLogoutTheOldCookieReplayedGetsTheLogin() {
        var t = Tenants.logistics("登出重放物流");
        var browser = loggedIn(t, "boss");
        String id = sessionId(browser, url("/portal"));
        var out = browser.get(url("/logout"));
        assertTrue(out.statusCode() < 500, "logout: " + out.statusCode());
        assertEquals(0, rows("key_hash = ?", WebSessions.hash(id)));
        assertLoginAsked(holding(id).get(url("/portal")));
    }

    @Test
    void keycloaksBackChannelLogoutEndsTheSession() {
        var t = Tenants.logistics("后台登出物流");
        var browser = loggedIn(t, "boss");
        String id = sessionId(browser, url("/portal"));
        String userId = given().baseUri(LocalStackResource.KEYCLOAK_URL).auth().oauth2(Tokens.keycloakAdmin())
                .queryParam("username", t.login("boss")[0]).queryParam("exact", true).get("/admin/realms/modelhouse/users")
                .then().statusCode(200).extract().jsonPath().getString("[0].id");
        // an administrator ends the person's Keycloak sessions: Keycloak tells the app on its back channel
        given().baseUri(LocalStackResource.KEYCLOAK_URL).auth().oauth2(Tokens.keycloakAdmin())
                .post("/admin/realms/modelhouse/users/" + userId + "/logout").then().statusCode(204);
        await().atMost(Duration.ofSeconds(20)).until(() -> rows("key_hash = ?", WebSessions.hash(id)) == 0);
        assertLoginAsked(holding(id).get(url("/portal")));
    }

    @Test
    void anAccountDisabledOrATrialExpiredIsSeenOnTheNextRequest() {
        var t = Tenants.logistics("即时生效物流");
        var boss = loggedIn(t, "boss");
        var dispatcher = loggedIn(t, "dispatcher");
        // both pages are cached decisions now
        assertTrue(boss.get(url("/portal")).body().contains(t.company()));
        assertTrue(dispatcher.get(url("/portal")).body().contains(t.company()));

        given().auth().oauth2(Tokens.presales()).post("/api/tenants/" + t.id() + "/accounts/" + t.login("dispatcher")[0]
                + "/disable").then().statusCode(200);
        assertEnded(dispatcher.get(url("/portal")));
        assertTrue(boss.get(url("/portal")).body().contains("kpi"), "the boss still works");

        given().auth().oauth2(Tokens.presales()).post("/api/tenants/" + t.id() + "/expire").then().statusCode(200)
                .body("state", equalTo("EXPIRED"));
        assertEnded(boss.get(url("/portal")));

        // converted: the customer's now, open again at once
        given().auth().oauth2(Tokens.presales()).post("/api/tenants/" + t.id() + "/convert").then().statusCode(200);
        assertTrue(boss.get(url("/portal")).body().contains("kpi"), "open again after conversion");
    }

    @Test
    void aSessionOfAPurgedTrialGetsTheEndedPage() {
        var t = Tenants.logistics("清除会话物流");
        var boss = loggedIn(t, "boss");
        given().auth().oauth2(Tokens.presales()).delete("/api/tenants/" + t.id()).then().statusCode(200)
                .body("state", equalTo("PURGED"));
        var page = boss.get(url("/portal"));
        assertEnded(page);
    }

    private static void assertEnded(HttpResponse<String> page) {
        assertTrue(page.statusCode() < 500, "status " + page.statusCode());
        assertTrue(page.body().contains("id=\"ended\"") || page.body().contains("已结束") || page.body().contains("已到期"),
                "the ended page: " + page.body().substring(0, Math.min(600, page.body().length())));
        assertFalse(page.body().contains("kpi"), "not the workspace");
    }

    private static long rows(String where, byte[] param) {
        try (Connection c = LocalStackResource.ownerConnection();
                PreparedStatement st = c.prepareStatement("SELECT count(*) FROM web_session WHERE " + where)) {
            st.setBytes(1, param);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
