package io.modelhouse.lifecycle;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.modelhouse.tenant.FaultInjection;
import io.modelhouse.testsupport.ClusterInvariants;
import io.modelhouse.testsupport.LocalStackResource;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Both kinds of drift between our database and Keycloak, repaired by one reconciler run. */
@QuarkusTest
class ReconcilerDriftTest {

    @Test
    void aUserWithoutATenantIsRemovedAndATenantMissingAUserGetsItBack() {
        String admin = Tokens.keycloakAdmin();
        // a Keycloak user claiming a tenant that does not exist
        String ghostTenant = UUID.randomUUID().toString();
        given().baseUri(LocalStackResource.KEYCLOAK_URL).auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", "ghost-" + ghostTenant.substring(0, 8), "enabled", true, "email", "ghost@x.example",
                        "firstName", "Ghost", "lastName", "User", "attributes", Map.of("tenant_id", List.of(ghostTenant))))
                .post("/admin/realms/modelhouse/users").then().statusCode(201);
        // a tenant whose user was deleted behind our back
        var made = Tenants.logistics("漂移物流");
        String username = made.login("boss")[0];
        String userId = given().baseUri(LocalStackResource.KEYCLOAK_URL).auth().oauth2(admin).queryParam("username", username)
                .queryParam("exact", true).get("/admin/realms/modelhouse/users").then().extract().path("[0].id");
        given().baseUri(LocalStackResource.KEYCLOAK_URL).auth().oauth2(admin).delete("/admin/realms/modelhouse/users/" + userId)
                .then().statusCode(204);

        var report = given().auth().oauth2(Tokens.admin()).post("/api/ops/reconcile").then().statusCode(200).extract()
                .jsonPath();
        assertTrue(report.getInt("orphanUsers") >= 1, report.prettify());
        assertTrue(report.getInt("usersRestored") >= 1, report.prettify());

        assertEquals(0,
                given().baseUri(LocalStackResource.KEYCLOAK_URL).auth().oauth2(admin)
                        .queryParam("q", "tenant_id:" + ghostTenant)
                        .get("/admin/realms/modelhouse/users").then().extract().jsonPath().getList("$").size(),
                "the ghost is gone");
        List<?> back = given().baseUri(LocalStackResource.KEYCLOAK_URL).auth().oauth2(admin).queryParam("username", username)
                .queryParam("exact", true).get("/admin/realms/modelhouse/users").then().extract().jsonPath().getList("$");
        assertEquals(1, back.size(), "the boss has a login again");
        var second = given().auth().oauth2(Tokens.admin()).post("/api/ops/reconcile").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(0, second.getInt("orphanUsers") + second.getInt("usersRestored"), "a second run finds nothing to do");
    }

    @Inject
    FaultInjection faults;

    /**
     * Found by the cluster benchmark: Keycloak failed over (kill -9 of one node) while the
     * reconciler rolled back a dead build; the tenant was already marked FAILED, the teardown threw,
     * and its 3,480 rows stayed for good. A rollback now finishes on a later run.
     */
    @Test
    void aRollbackWhoseTeardownFailsIsFinishedByTheNextRun() throws Exception {
        var made = Tenants.logistics("回滚重试物流");
        String prefix = made.company();
        try (var c = LocalStackResource.ownerConnection();
                var st = c.prepareStatement("UPDATE tenant SET state = 'PROVISIONING',"
                        + " provisioning_step = 'ORGANIZATION_CREATED', step_at = now() - interval '1 hour' WHERE id = ?::uuid")) {
            st.setString(1, made.id());
            assertEquals(1, st.executeUpdate());
        }
        ClusterInvariants check = new ClusterInvariants(LocalStackResource.DB_PORT, LocalStackResource.KEYCLOAK_URL);
        faults.failAt("teardown.identities", "Keycloak is failing over (drill)");
        try {
            given().auth().oauth2(Tokens.admin()).post("/api/ops/reconcile").then().statusCode(200);
        } finally {
            faults.clear("teardown.identities");
        }
        assertEquals("FAILED", check.states(prefix).get(prefix), "taken over");

        given().auth().oauth2(Tokens.admin()).post("/api/ops/reconcile").then().statusCode(200);
        assertEquals(List.of(), check.halfMade(prefix), "the next run finished the rollback");
    }
}
