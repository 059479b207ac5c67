package io.modelhouse.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.modelhouse.testsupport.Bundles;
import io.modelhouse.testsupport.Settled;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Bad input from outside, one corpus file a case (src/test/resources/attacks): every refusal is
 * RFC 9457 problem+json with a status that says whose mistake it is and a detail a person can act
 * on; hostile bundles are refused fast with file and line.
 */
@QuarkusTest
class InputLimitsTest {

    private static final Path ATTACKS = Path.of("src/test/resources/attacks");

    record ApiCase(String name, String method, String path, String auth, String body, int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ApiCase> apiCases() throws IOException {
        return Files.readAllLines(ATTACKS.resolve("api/cases.tsv"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t"))
                .map(f -> new ApiCase(f[0], f[1], f[2], f[3], f[4], Integer.parseInt(f[5])));
    }

    private static String prospectToken;

    private static RequestSpecification as(String auth) {
        var spec = given().urlEncodingEnabled(false);
        return switch (auth) {
            case "none" -> spec;
            case "garbage" -> spec.auth().oauth2("not.a.token");
            case "presales" -> spec.auth().oauth2(Tokens.presales());
            case "prospect" -> spec.auth().oauth2(prospect());
            default -> throw new IllegalArgumentException(auth);
        };
    }

    private static synchronized String prospect() {
        if (prospectToken == null) {
            prospectToken = Tenants.logistics("攻击语料物流").prospectToken("boss");
        }
        return prospectToken;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apiCases")
    void everyRefusalIsProblemJson(ApiCase c) throws IOException {
        var spec = as(c.auth());
        if (!"-".equals(c.body())) {
            spec = spec.contentType(ContentType.JSON).body(Files.readAllBytes(ATTACKS.resolve("api/bodies/" + c.body())));
        }
        Response r = spec.request(c.method(), c.path());
        assertProblem(r, c.status(), c.name());
        if (c.status() == 401) {
            assertTrue(r.header("WWW-Authenticate") != null && r.header("WWW-Authenticate").startsWith("Bearer"),
                    "a 401 says how to authenticate");
        }
    }

    static void assertProblem(Response r, int status, String what) {
        assertEquals(status, r.statusCode(), what + ": " + r.asString());
        assertTrue(String.valueOf(r.contentType()).startsWith("application/problem+json"),
                what + ": content type " + r.contentType() + " body " + r.asString());
        assertEquals(status, r.jsonPath().getInt("status"), what);
        String detail = r.jsonPath().getString("detail");
        assertTrue(detail != null && detail.length() > 10, what + ": a detail a person can act on: " + detail);
        assertTrue(!detail.contains("Exception") && !detail.contains("at io.") && !detail.contains("com.fasterxml"),
                what + ": no internals in the detail: " + detail);
    }

    static Stream<Path> bundleCases() throws IOException {
        try (Stream<Path> dirs = Files.list(ATTACKS.resolve("bundles"))) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundleCases")
    void hostileBundlesAreRefusedWithFileAndLine(Path dir) throws IOException {
        Properties expect = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("expect.properties"))) {
            expect.load(in);
        }
        Map<String, String> files = Bundles.bundled("logistics");
        try (Stream<Path> overlay = Files.list(dir)) {
            for (Path f : overlay.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                files.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        long started = System.nanoTime();
        Response r = given().auth().oauth2(Tokens.admin()).contentType("application/zip").body(Bundles.zip(files))
                .post("/api/templates/validate");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertProblem(r, 422, dir.getFileName().toString());
        List<Map<String, Object>> errors = r.jsonPath().getList("errors");
        String file = expect.getProperty("file");
        assertTrue(errors.stream().anyMatch(e -> file.equals(e.get("file"))
                && String.valueOf(e.get("line")).equals(expect.getProperty("line"))
                && String.valueOf(e.get("message")).toLowerCase().contains(expect.getProperty("message"))),
                "expected " + expect + " among " + errors);
        assertTrue(millis < 10_000, "refused in " + millis + " ms");
    }

    @Test
    void aNameTheIdentityProviderWouldRefuseIsAcceptedAndLogsIn() {
        var made = given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                .body(Tenants.request("名字测试物流", Tenants.contact("Anna (CFO) <b>", "anna@names.example", "boss"),
                        Tenants.contact("O'Brien-Smith, Jr. #1 {x}", "ob@names.example", "finance")))
                .post("/api/tenants");
        assertEquals(201, made.statusCode(), made.asString());
        for (int i = 0; i < 2; i++) {
            String token = Tokens.of(made.jsonPath().getString("accounts[" + i + "].username"),
                    made.jsonPath().getString("accounts[" + i + "].initialPassword"));
            given().auth().oauth2(token).get("/api/portal/me").then().statusCode(200);
        }
        assertTrue(made.jsonPath().getList("accounts.name").contains("Anna (CFO) <b>"), "the name is kept as written");
        Settled.assertSettled();
    }
}
