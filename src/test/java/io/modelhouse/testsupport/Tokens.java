package io.modelhouse.testsupport;

import static io.restassured.RestAssured.given;

/** Bearer tokens from the suite's real Keycloak, with the local realm's password-grant client. */
public final class Tokens {

    private Tokens() {
    }

    public static String of(String username, String password) {
        return given().baseUri(LocalStackResource.KEYCLOAK_URL)
                .formParam("grant_type", "password")
                .formParam("client_id", "modelhouse-cli")
                .formParam("username", username)
                .formParam("password", password)
                .post("/realms/modelhouse/protocol/openid-connect/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    /** The app's own service account, for looking at Keycloak directly in tests. */
    public static String keycloakAdmin() {
        return keycloakAdmin(LocalStackResource.KEYCLOAK_URL);
    }

    /** The same, from another Keycloak holding the realm (the local cluster's balancer). */
    public static String keycloakAdmin(String keycloakUrl) {
        return given().baseUri(keycloakUrl).formParam("grant_type", "client_credentials")
                .formParam("client_id", "modelhouse-admin").formParam("client_secret", "modelhouse-admin-secret")
                .post("/realms/modelhouse/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
    }

    public static String presales() {
        return of("presales", "presales");
    }

    public static String admin() {
        return of("admin", "admin");
    }
}
