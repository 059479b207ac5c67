package io.modelhouse.testsupport;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Builds model houses through the public API, as pre-sales would; each test makes its own. */
public final class Tenants {

    private Tenants() {
    }

    public record Made(String id, String company, JsonPath body) {
        /** The account of the given role: username and its one-time password. */
        public String[] login(String role) {
            List<Map<String, String>> accounts = body.getList("accounts");
            Map<String, String> a = accounts.stream().filter(x -> role.equals(x.get("role"))).findFirst().orElseThrow();
            return new String[] { a.get("username"), a.get("initialPassword") };
        }

        public String prospectToken(String role) {
            String[] l = login(role);
            return Tokens.of(l[0], l[1]);
        }
    }

    public static Map<String, Object> request(String company, Object... contacts) {
        return Map.of("templateKey", "logistics", "company", company, "trialDays", 30, "contacts", List.of(contacts));
    }

    public static Map<String, String> contact(String name, String email, String role) {
        return Map.of("name", name, "email", email, "role", role);
    }

    public static Made logistics(String companyPrefix) {
        return logistics(given(), companyPrefix);
    }

    /** The same, from the app at that address (an app process of a drill). */
    public static Made logistics(String app, String companyPrefix) {
        return logistics(given().baseUri(app), companyPrefix);
    }

    private static Made logistics(RequestSpecification app, String companyPrefix) {
        String company = companyPrefix + " " + UUID.randomUUID().toString().substring(0, 6);
        String slug = UUID.randomUUID().toString().substring(0, 8);
        JsonPath body = app.auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                .body(request(company, contact("王磊", "wanglei." + slug + "@prospect.example", "boss"),
                        contact("李娜", "lina." + slug + "@prospect.example", "dispatcher")))
                .post("/api/tenants")
                .then().statusCode(201)
                .extract().jsonPath();
        return new Made(body.getString("id"), company, body);
    }
}
