package io.modelhouse.signup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Parallel;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The public trial request through the API and the verification link: each rule of the abuse guard
 * tried and refused, a verified request that lands its person logged in in their model house, a
 * link that works once, review, and a company that already has a model house.
 */
@QuarkusTest
class SignupTest {

    @Inject
    ModelhouseClock clock;

    @TestHTTPResource("/")
    URL root;

    @AfterEach
    void realTime() {
        clock.use(Clock.systemUTC());
    }

    static String ip() {
        UUID u = UUID.randomUUID();
        return "10." + (u.getMostSignificantBits() & 0xff) + "." + ((u.getMostSignificantBits() >> 8) & 0xff) + "."
                + ((u.getLeastSignificantBits() & 0xfe) + 1);
    }

    static Map<String, Object> request(String company, String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("company", company);
        body.put("name", "陈晓");
        body.put("email", email);
        body.put("templateKey", "logistics");
        body.put("companySize", "101-500");
        body.put("role", "EB");
        return body;
    }

    static ValidatableResponse send(Map<String, Object> body, String ip) {
        return given().header("X-Forwarded-For", ip).contentType(ContentType.JSON).body(body).post("/api/trial-requests")
                .then();
    }

    /** The verification link of the newest mail to this address, from the outbox API. */
    static String link(String email) {
        return io.modelhouse.testsupport.Mails.verificationLink(email);
    }

    static String slug() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aVerifiedRequestLandsItsPersonLoggedInInTheirOwnModelHouseAndTheLinkWorksOnce() {
        String s = slug();
        String company = "自助物流" + s + "有限公司";
        String email = "chenxiao@zizhu-" + s + ".cn";
        send(request(company, email), ip()).statusCode(202).body("email", equalTo(email));

        // a mail scanner that opens the link (a GET, no script) does not use it up
        var scanned = new BrowserSession().get(link(email));
        assertEquals(200, scanned.statusCode());
        assertTrue(scanned.body().contains("id=\"verify-form\""), scanned.body());
        var browser = new BrowserSession();
        var landed = browser.verify(link(email));
        assertEquals(200, landed.statusCode());
        assertTrue(landed.uri().getPath().startsWith("/portal"), "in the portal: " + landed.uri());
        assertTrue(landed.body().contains(company), "their own company is shown");
        assertFalse(landed.body().contains("kc-form-login"), "no login form on the way");

        // the link is single-use: a second click (or a forwarded mail) is refused and says how to log in
        var again = new BrowserSession().verify(link(email));
        assertEquals(410, again.statusCode());
        assertTrue(again.body().contains("这个链接已经用过了"), again.body());

        var requests = given().auth().oauth2(Tokens.presales()).get("/api/trial-requests?state=provisioned").then()
                .statusCode(200).extract().jsonPath();
        String tenant = requests.getString("find { it.email == '" + email + "' }.tenantId");
        String owner = requests.getString("find { it.email == '" + email + "' }.owner");
        assertTrue(owner != null && owner.contains("@"), "an owner: " + owner);
        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + tenant).then().statusCode(200)
                .body("company", equalTo(company)).body("accounts[0].role", equalTo("boss"));
        given().auth().oauth2(Tokens.admin()).get("/api/follow-ups?owner=" + owner).then().statusCode(200)
                .body("findAll { it.tenantId == '" + tenant + "' }.signal", org.hamcrest.Matchers.hasItem("self_service"));
    }

    @Test
    void eachRuleOfTheAbuseGuardRefusesWithAClearProblem() {
        String s = slug();
        // the honeypot
        Map<String, Object> bot = request("蜜罐" + s, "a@honey-" + s + ".cn");
        bot.put("website", "http://spam.example");
        send(bot, ip()).statusCode(422).body("detail", org.hamcrest.Matchers.containsString("website"));
        // a form sent faster than a person fills it in
        String page = given().get("/trial").then().statusCode(200).extract().asString();
        Matcher token = Pattern.compile("name=\"formToken\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(token.find());
        Map<String, Object> quick = request("快手" + s, "a@quick-" + s + ".cn");
        quick.put("formToken", token.group(1));
        send(quick, ip()).statusCode(422).body("detail", org.hamcrest.Matchers.containsString("less than 3 s"));
        clock.use(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5)));
        send(quick, ip()).statusCode(202);
        clock.use(Clock.systemUTC());
        // a made-up form token
        quick.put("formToken", "not-ours");
        send(quick, ip()).statusCode(422).body("detail", org.hamcrest.Matchers.containsString("formToken"));
        // a disposable mail
        send(request("一次性" + s, "x" + s + "@mailinator.com"), ip()).statusCode(422)
                .body("detail", org.hamcrest.Matchers.containsString("disposable"));
        // an unknown template and a bad field
        Map<String, Object> unknown = request("未知" + s, "a@unknown-" + s + ".cn");
        unknown.put("templateKey", "bakery");
        send(unknown, ip()).statusCode(422).body("errors[0].path", equalTo("templateKey"));
        Map<String, Object> badMail = request("坏邮箱" + s, "not-a-mail");
        send(badMail, ip()).statusCode(422).body("errors[0].path", equalTo("email"))
                .contentType("application/problem+json");
        // an unknown and an expired link
        assertEquals(404, new BrowserSession().verify(root + "trial/verify?token=nothing-like-ours").statusCode());
        String email = "late@late-" + s + ".cn";
        send(request("过期" + s, email), ip()).statusCode(202);
        clock.use(Clock.offset(Clock.systemUTC(), Duration.ofHours(25)));
        var expired = new BrowserSession().verify(link(email));
        assertEquals(410, expired.statusCode());
        assertTrue(expired.body().contains("这个链接已过期") && expired.body().contains("href=\"/trial\""), expired.body());
    }

    @Test
    void fiftyRequestsAtOnceFromOneAddressGetAtMostTheLimit() {
        String ip = ip();
        String s = slug();
        List<Integer> codes = Parallel.run(50, () -> given().header("X-Forwarded-For", ip).contentType(ContentType.JSON)
                .body(request("并发" + s, "p" + UUID.randomUUID().toString().substring(0, 6) + "@burst-" + s + ".cn"))
                .post("/api/trial-requests").then().extract().statusCode());
        assertEquals(5, codes.stream().filter(c -> c == 202).count(), "the per-address limit: " + codes);
        assertEquals(45, codes.stream().filter(c -> c == 429).count(), codes.toString());
        send(request("并发" + s, "q@burst-" + s + ".cn"), ip).statusCode(429).header("Retry-After", notNullValue());
        // another address is not held back by it
        send(request("并发" + s, "r@burst-" + s + ".cn"), ip()).statusCode(202);
    }

    @Test
    void freeMailWaitsForReviewAndACompanyWithAModelHouseIsOfferedToJoinIt() {
        String s = slug();
        // a free-mail address: verified, then waits; pre-sales open it and the login goes out by mail
        String free = "wang" + s + "@qq.com";
        send(request("个人邮箱" + s, free), ip()).statusCode(202);
        var waiting = new BrowserSession().verify(link(free));
        assertEquals(200, waiting.statusCode());
        assertTrue(waiting.body().contains("你的样板房正在准备中"), waiting.body());
        String id = given().auth().oauth2(Tokens.presales()).get("/api/trial-requests?state=review").then().extract()
                .path("find { it.email == '" + free + "' }.id");
        given().auth().oauth2(Tokens.presales()).post("/api/trial-requests/" + id + "/approve").then().statusCode(200)
                .body("state", equalTo("provisioned")).body("tenantId", notNullValue());
        given().auth().oauth2(Tokens.presales()).post("/api/trial-requests/" + id + "/approve").then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).queryParam("to", free).queryParam("kind", "invitation").get("/api/outbox")
                .then().statusCode(200).body("size()", equalTo(1));

        // the same company again, from a colleague: nothing new is built, pre-sales invite them in
        String company = "同名公司" + s + "有限公司";
        String first = "boss@same-" + s + ".cn";
        send(request(company, first), ip()).statusCode(202);
        assertTrue(new BrowserSession().verify(link(first)).body().contains(company));
        String colleague = "ops@same-" + s + ".cn";
        send(request(company.replace("有限公司", "") + " ", colleague), ip()).statusCode(202);
        var join = new BrowserSession().verify(link(colleague));
        assertTrue(join.body().contains("贵公司已经在体验了"), join.body());
        var requests = given().auth().oauth2(Tokens.presales()).get("/api/trial-requests").then().extract().jsonPath();
        String joinId = requests.getString("find { it.email == '" + colleague + "' }.id");
        String tenant = requests.getString("find { it.email == '" + first + "' }.tenantId");
        assertEquals(tenant, requests.getString("find { it.email == '" + colleague + "' }.tenantId"));
        String owner = requests.getString("find { it.email == '" + first + "' }.owner");
        given().auth().oauth2(Tokens.admin()).get("/api/follow-ups?owner=" + owner).then().statusCode(200)
                .body("findAll { it.tenantId == '" + tenant + "' }.signal", org.hamcrest.Matchers.hasItem("join_requested"));
        given().auth().oauth2(Tokens.presales()).post("/api/trial-requests/" + joinId + "/invite").then().statusCode(200)
                .body("state", equalTo("joined"));
        given().auth().oauth2(Tokens.presales()).post("/api/trial-requests/" + joinId + "/invite").then().statusCode(409);
        // someone of another mail domain who names the company learns nothing: they wait for review
        String stranger = "spy@other-" + s + ".cn";
        send(request(company, stranger), ip()).statusCode(202);
        var spied = new BrowserSession().verify(link(stranger));
        assertTrue(spied.body().contains("你的样板房正在准备中") && !spied.body().contains("贵公司已经在体验了"), spied.body());
        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + tenant).then()
                .body("accounts.email", org.hamcrest.Matchers.hasItem(colleague));
        // staff only: a prospect or nobody cannot list or decide
        given().get("/api/trial-requests").then().statusCode(401);
    }

    @Test
    void aTemplateInReviewModeAndADomainAtItsLimitWaitForPreSales() {
        String s = slug();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("signupMode", "review"))
                .put("/api/templates/manufacturing/settings").then().statusCode(200);
        try {
            Map<String, Object> body = request("审核模板" + s, "gm@review-" + s + ".cn");
            body.put("templateKey", "manufacturing");
            send(body, ip()).statusCode(202);
            assertTrue(new BrowserSession().verify(link("gm@review-" + s + ".cn")).body().contains("你的样板房正在准备中"));
            given().auth().oauth2(Tokens.presales()).get("/api/trial-requests?state=review").then()
                    .body("find { it.email == 'gm@review-" + s + ".cn' }.reason", equalTo("template_review"));
        } finally {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("signupMode", "auto"))
                    .put("/api/templates/manufacturing/settings").then().statusCode(200);
        }
        // two open trials per mail domain: the third company of the domain is offered to join one
        String domain = "limit-" + s + ".cn";
        for (int i = 1; i <= 2; i++) {
            send(request("域名上限" + i + s, "p" + i + "@" + domain), ip()).statusCode(202);
            assertTrue(new BrowserSession().verify(link("p" + i + "@" + domain)).body().contains("域名上限" + i + s));
        }
        send(request("域名上限3" + s, "p3@" + domain), ip()).statusCode(202);
        assertTrue(new BrowserSession().verify(link("p3@" + domain)).body().contains("贵公司已经在体验了"));
        given().auth().oauth2(Tokens.presales()).get("/api/trial-requests?state=join").then()
                .body("find { it.email == 'p3@" + domain + "' }.reason", equalTo("domain_limit"));
    }

    @Test
    void aRequestNeverVerifiedIsForgottenWithItsMailAfterTheGracePeriod() {
        String email = "never@stale-" + slug() + ".cn";
        send(request("从未验证" + slug(), email), ip()).statusCode(202);
        link(email);
        clock.use(Clock.offset(Clock.systemUTC(), Duration.ofDays(16)));
        given().auth().oauth2(Tokens.admin()).post("/api/ops/purge-expired").then().statusCode(200);
        given().auth().oauth2(Tokens.presales()).get("/api/trial-requests").then()
                .body("email", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(email)));
        given().auth().oauth2(Tokens.admin()).queryParam("to", email).get("/api/outbox").then().body("size()", equalTo(0));
    }
}
