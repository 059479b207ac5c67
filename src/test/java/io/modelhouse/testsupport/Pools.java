package io.modelhouse.testsupport;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;

/** Templates of a test's own (a renamed copy of the bundled logistics) and their warm pools. */
public final class Pools {

    private Pools() {
    }

    /** A published copy of logistics under a fresh key, pool size 0. */
    public static String template(String prefix) {
        String key = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        given().auth().oauth2(Tokens.admin()).contentType("application/zip")
                .body(Bundles.zip(Bundles.renamed("logistics", key)))
                .post("/api/templates").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).post("/api/templates/" + key + "/versions/1/publish").then().statusCode(200);
        return key;
    }

    public static void size(String key, int size) {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("size", size))
                .put("/api/templates/" + key + "/pool").then().statusCode(200);
    }

    /** A template whose pool holds {@code size} tenants (built now by the refill). */
    public static String filled(String prefix, int size) {
        String key = template(prefix);
        size(key, size);
        given().auth().oauth2(Tokens.admin()).post("/api/ops/pool-refill").then().statusCode(200);
        return key;
    }

    public static int ready(String key) {
        return given().auth().oauth2(Tokens.admin()).get("/api/templates/" + key).then().statusCode(200).extract()
                .path("pool.ready");
    }
}
