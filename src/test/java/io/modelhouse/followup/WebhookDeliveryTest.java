package io.modelhouse.followup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.modelhouse.testsupport.WebhookReceiver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** CRM webhooks against a real local HTTP receiver: signed, keyed, retried, dead-lettered, re-delivered. */
@QuarkusTest
class WebhookDeliveryTest {

    static final String SECRET = "crm-shared-secret-0123456789";

    @TestHTTPResource("/")
    URL root;

    @Test
    void aFailingReceiverGetsTheSameSignedDeliveryUntilItAcceptsThenDeadLettersAndRedeliveryFromTheConsole() {
        try (WebhookReceiver crm = WebhookReceiver.start(SECRET)) {
            String id = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("url", crm.url(), "secret", SECRET, "events", List.of("follow_up.created")))
                    .post("/api/webhooks").then().statusCode(201).body("url", equalTo(crm.url()))
                    .body("secret", equalTo(null)).extract().path("id");
            try {
                // the first two attempts fail: the third arrives with the same delivery key and a valid signature
                crm.failFirst(2);
                String delivery = given().auth().oauth2(Tokens.admin()).post("/api/webhooks/" + id + "/test").then()
                        .statusCode(202).extract().path("delivery");
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> crm.of(delivery).size() == 3);
                List<WebhookReceiver.Received> tries = crm.of(delivery);
                assertEquals(List.of(500, 500, 204), tries.stream().map(WebhookReceiver.Received::status).toList());
                assertTrue(tries.stream().allMatch(WebhookReceiver.Received::signatureValid), "every attempt is signed");
                assertTrue(tries.stream().allMatch(r -> r.body().contains("\"delivery\":\"" + delivery + "\"")),
                        "the same body every time");
                assertEquals("webhook.test", tries.get(2).event());
                given().auth().oauth2(Tokens.admin()).get("/api/webhooks/deliveries?state=delivered").then().statusCode(200)
                        .body("find { it.id == '" + delivery + "' }.attempts", equalTo(3));
                // a tampered body would not verify
                assertTrue(!WebhookSignature.verify(SECRET, tries.get(2).timestamp(), tries.get(2).body() + " ",
                        signatureOf(tries.get(2))));

                // a receiver that keeps failing: after the limit (3 here) the delivery is a dead letter
                crm.failAlways(true);
                String dead = given().auth().oauth2(Tokens.admin()).post("/api/webhooks/" + id + "/test").then().statusCode(202)
                        .extract().path("delivery");
                Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Tokens.admin())
                        .get("/api/webhooks/deliveries?state=dead").then().statusCode(200)
                        .body("id", hasItem(dead))
                        .body("find { it.id == '" + dead + "' }.lastError", containsString("HTTP 500"))
                        .body("find { it.id == '" + dead + "' }.attempts", equalTo(3)));
                assertEquals(3, crm.of(dead).size(), "no fourth attempt");

                // the console shows it with its last error and re-delivers it, with the same key
                crm.failAlways(false);
                crm.failFirst(0);
                var admin = new BrowserSession();
                String page = admin.login(url("/admin/webhooks"), "admin", "admin").body();
                assertTrue(page.contains(dead) && page.contains("HTTP 500"), "the dead letter and its error on the page");
                var again = admin.postForm(url("/admin/webhooks/deliveries/" + dead + "/redeliver"),
                        Map.of("csrf-token", admin.formField(page, "csrf-token")));
                assertEquals(200, again.statusCode());
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> crm.of(dead).size() == 4);
                assertEquals(204, crm.of(dead).get(3).status());
                assertTrue(crm.of(dead).get(3).signatureValid());
            } finally {
                given().auth().oauth2(Tokens.admin()).delete("/api/webhooks/" + id).then().statusCode(204);
            }
        }
    }

    @Test
    void aUrlThatIsNotHttpOrIsTheAppItselfIsRefused() {
        for (String bad : List.of("ftp://crm.example/hook", "javascript:alert(1)",
                "http://127.0.0.1:" + root.getPort() + "/api/webhooks",
                "http://localhost:" + root.getPort() + "/")) {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("url", bad, "secret", SECRET, "events", List.of("signal.fired"))).post("/api/webhooks").then()
                    .statusCode(422).body("errors.path", hasItem("url"));
        }
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("url", "https://crm.example/hook", "secret", SECRET, "events",
                        List.of("signal.fired", "deal.won")))
                .post("/api/webhooks").then().statusCode(422).body("errors.path", hasItem("events[1]"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("url", "https://crm.example/hook", "secret", "short", "events", List.of("signal.fired")))
                .post("/api/webhooks").then().statusCode(422);
    }

    @Test
    void aProspectGets403OnEveryFollowUpAndWebhookEndpointAndPresalesOnTheWebhooks() {
        var made = Tenants.logistics("越权物流");
        String prospect = made.prospectToken("boss");
        String any = "00000000-0000-0000-0000-000000000001";
        Map<String, Object> hook = Map.of("url", "https://crm.example/hook", "secret", SECRET, "events",
                List.of("signal.fired"));
        for (String token : List.of(prospect, Tokens.presales())) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(hook).post("/api/webhooks").then().statusCode(403);
            given().auth().oauth2(token).get("/api/webhooks").then().statusCode(403);
            given().auth().oauth2(token).delete("/api/webhooks/" + any).then().statusCode(403);
            given().auth().oauth2(token).post("/api/webhooks/" + any + "/test").then().statusCode(403);
            given().auth().oauth2(token).get("/api/webhooks/deliveries").then().statusCode(403);
            given().auth().oauth2(token).post("/api/webhooks/deliveries/" + any + "/redeliver").then().statusCode(403);
        }
        given().auth().oauth2(prospect).get("/api/follow-ups").then().statusCode(403);
        given().auth().oauth2(prospect).get("/api/follow-ups/" + any).then().statusCode(403);
        given().auth().oauth2(prospect).contentType(ContentType.JSON).body(Map.of("outcome", "x"))
                .post("/api/follow-ups/" + any + "/complete").then().statusCode(403);
        given().auth().oauth2(prospect).contentType(ContentType.JSON).body(Map.of("until", "2027-01-01T00:00:00Z"))
                .post("/api/follow-ups/" + any + "/snooze").then().statusCode(403);
        given().auth().oauth2(prospect).contentType(ContentType.JSON).body(Map.of("salesStage", "bidding"))
                .put("/api/tenants/" + made.id() + "/sales-stage").then().statusCode(403);
        given().auth().oauth2(Tokens.presales()).get("/api/follow-ups").then().statusCode(200);
    }

    private static String signatureOf(WebhookReceiver.Received r) {
        return WebhookSignature.sign(SECRET, r.timestamp(), r.body());
    }

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }
}
