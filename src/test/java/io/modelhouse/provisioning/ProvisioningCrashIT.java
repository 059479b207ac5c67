package io.modelhouse.provisioning;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.modelhouse.testsupport.AppProcess;
import io.modelhouse.testsupport.LocalStackResource;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The crash matrix: an app process is halted (as by kill -9) right after each step of a cold
 * build, a pool assignment and a purge; after one reconciler run on a healthy instance there is
 * either a READY tenant or nothing — no rows, no Keycloak organization, no Keycloak users.
 */
class ProvisioningCrashIT {

    private static AppProcess healthy;

    @BeforeAll
    static void start() {
        LocalStackResource.startOnce();
        healthy = AppProcess.start("healthy", 18091, Map.of("modelhouse.reconcile.lease", "PT1S",
                "modelhouse.jobs.expiry-every", "off", "modelhouse.jobs.warnings-every", "off", "modelhouse.jobs.purge-every",
                "off"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (healthy != null) {
            healthy.close();
        }
    }

    @ParameterizedTest(name = "cold build halted after {0}")
    @ValueSource(strings = { "RECORDED", "DATA_CLONED", "ORGANIZATION_CREATED", "ACCOUNTS_CREATED" })
    void aColdBuildHaltedAtAnyStepLeavesNothingAfterOneReconcile(String step) throws Exception {
        String company = "崩溃演练 " + step + " " + UUID.randomUUID().toString().substring(0, 6);
        crashDuring(step, () -> createTenant(company, "logistics"));
        String tenant = tenantIdOf(company);
        reconcileAndAssertNothingLeft(tenant);
    }

    @ParameterizedTest(name = "pool assignment halted after {0}")
    @ValueSource(strings = { "CLAIMED", "PERSONALISED" })
    void aPoolAssignmentHaltedLeavesNothingOfThatTenant(String step) throws Exception {
        String admin = token("admin", "admin");
        given().baseUri(healthy.url()).auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("size", 1))
                .put("/api/templates/government/pool").then().statusCode(200);
        given().baseUri(healthy.url()).auth().oauth2(admin).post("/api/ops/pool-refill").then().statusCode(200);
        String company = "池崩溃 " + step + " " + UUID.randomUUID().toString().substring(0, 6);
        crashDuring(step, () -> createTenant(company, "government"));
        given().baseUri(healthy.url()).auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("size", 0))
                .put("/api/templates/government/pool").then().statusCode(200);
        String tenant = tenantIdOrPooled(company);
        reconcileAndAssertNothingLeft(tenant);
    }

    @ParameterizedTest(name = "purge halted after {0}")
    @ValueSource(strings = { "PURGING" })
    void aPurgeHaltedIsFinishedByTheReconciler(String step) throws Exception {
        String company = "清除演练 " + UUID.randomUUID().toString().substring(0, 6);
        String id = given().baseUri(healthy.url()).auth().oauth2(token("presales", "presales")).contentType(ContentType.JSON)
                .body(Tenants.request(company, Tenants.contact("王磊", "wl@purge.example", "boss")))
                .post("/api/tenants").then().statusCode(201).extract().path("id");
        crashDuring(step, () -> given().auth().oauth2(token("presales", "presales")).delete("/api/tenants/" + id));
        // the reconciler waits out the lease (1 s here) before it finishes another instance's purge
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            reconcile();
            return "PURGED".equals(state(id));
        });
        assertNothingOf(id);
    }

    // --- helpers

    private interface Call {
        void run() throws Exception;
    }

    /** Runs the call against an instance set to halt after the step, and waits for it to die. */
    private static void crashDuring(String step, Call call) throws Exception {
        AppProcess faulty = AppProcess.start("faulty-" + step.toLowerCase(), 18092, Map.of("modelhouse.fault.halt-after", step,
                "modelhouse.jobs.expiry-every", "off", "modelhouse.jobs.warnings-every", "off", "modelhouse.jobs.purge-every",
                "off"));
        try {
            RestAssured.baseURI = faulty.url();
            try {
                call.run();
            } catch (Exception | AssertionError expected) {
                // the connection dies with the process
            } finally {
                RestAssured.reset();
            }
            assertTrue(faulty.waitForExit(60), "the faulty instance halted after " + step + "; see " + faulty.log());
        } finally {
            faulty.kill();
        }
    }

    private static void createTenant(String company, String template) {
        String role = template.equals("government") ? "director" : "boss";
        given().auth().oauth2(token("presales", "presales")).contentType(ContentType.JSON)
                .body(Map.of("templateKey", template, "company", company, "contacts", List.of(
                        Tenants.contact("王磊", "wl@crash.example", role))))
                .post("/api/tenants");
    }

    private static void reconcileAndAssertNothingLeft(String tenant) throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            reconcile();
            String s = state(tenant);
            return "FAILED".equals(s) || "READY".equals(s);
        });
        if ("FAILED".equals(state(tenant))) {
            assertNothingOf(tenant);
        }
        // and the reconciler leaves no Keycloak user or organization of a tenant that is not live
        var report = reconcile();
        assertEquals(0, report.getInt("orphanUsers") + report.getInt("orphanOrganizations"),
                "a second run finds nothing: " + report.prettify());
    }

    private static JsonPath reconcile() {
        return given().baseUri(healthy.url()).auth().oauth2(token("admin", "admin")).post("/api/ops/reconcile")
                .then().statusCode(200).extract().jsonPath();
    }

    private static void assertNothingOf(String tenant) throws SQLException {
        for (String table : List.of("org_unit", "member", "business_record", "workspace_item")) {
            assertEquals(0, rows(tenant, table), table + " rows of " + tenant);
        }
        String admin = Tokens.keycloakAdmin();
        List<?> users = given().baseUri(LocalStackResource.KEYCLOAK_URL).auth().oauth2(admin)
                .queryParam("q", "tenant_id:" + tenant).get("/admin/realms/modelhouse/users").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertEquals(0, users.size(), "Keycloak users of " + tenant);
        List<String> aliases = given().baseUri(LocalStackResource.KEYCLOAK_URL).auth().oauth2(admin)
                .queryParam("search", tenant).get("/admin/realms/modelhouse/organizations").then().statusCode(200)
                .extract().jsonPath().getList("alias");
        assertTrue(!aliases.contains(tenant), "no Keycloak organization of " + tenant);
    }

    private static String tenantIdOf(String company) throws SQLException {
        try (Connection c = db(); var st = c.prepareStatement("SELECT id FROM tenant WHERE company = ?")) {
            st.setString(1, company);
            ResultSet rs = st.executeQuery();
            assertTrue(rs.next(), "the tenant row of " + company + " was recorded before the halt");
            return rs.getString(1);
        }
    }

    /** A claimed pool tenant keeps its placeholder company until it is personalised. */
    private static String tenantIdOrPooled(String company) throws SQLException {
        try (Connection c = db();
                var st = c.prepareStatement(
                        "SELECT id FROM tenant WHERE company = ? OR (state = 'PROVISIONING' AND from_pool = false AND company = '{{company}}'"
                                + " AND provisioning_step IN ('CLAIMED', 'PERSONALISED')) ORDER BY step_at DESC LIMIT 1")) {
            st.setString(1, company);
            ResultSet rs = st.executeQuery();
            assertTrue(rs.next(), "the claimed tenant is found");
            return rs.getString(1);
        }
    }

    private static String state(String tenant) throws SQLException {
        try (Connection c = db(); var st = c.prepareStatement("SELECT state FROM tenant WHERE id = ?::uuid")) {
            st.setString(1, tenant);
            ResultSet rs = st.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }

    private static long rows(String tenant, String table) throws SQLException {
        try (Connection c = db(); var st = c.createStatement()) {
            st.execute("SELECT set_config('app.tenant_id', '" + tenant + "', false)");
            ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table);
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + LocalStackResource.DB_PORT + "/modelhouse",
                "modelhouse_app", "modelhouse-app");
    }

    private static String token(String user, String password) {
        return Tokens.of(user, password);
    }

}
