package io.modelhouse.testsupport;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Holds the app's own answers to its OpenAPI document, as a client generated from it would: a REST
 * Assured filter that fails a call whose status is not declared for its operation, whose media type
 * is not declared for that status, or whose body does not match the declared schema (JSON Schema
 * 2020-12, the dialect of OpenAPI 3.1; a 3.0 document's {@code nullable} is read as 3.1 writes it).
 * Only calls under /api are checked. {@link #lint()} checks the document itself the way API linters do.
 */
public final class OpenApiResponseCheck implements Filter {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the document is said to live, so the response schemas' $refs resolve into it. */
    private static final String DOC = "https://modelhouse.test/openapi.json";
    private static final String PROBLEM_JSON = "application/problem+json";

    private final JsonNode document;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().locale(Locale.ENGLISH).build();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();
    private final AtomicInteger schemaCount = new AtomicInteger();
    private final List<Route> routes = new ArrayList<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    private record Route(String template, Pattern pattern, int variables) {
    }

    /** The document the running app serves. */
    public static OpenApiResponseCheck ofApp() {
        return new OpenApiResponseCheck(given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString());
    }

    public OpenApiResponseCheck(String documentJson) {
        try {
            this.document = JSON.readTree(documentJson);
            JsonNode schemas = document.path("openapi").asText().startsWith("3.0")
                    ? nullableAsTypes(document.deepCopy())
                    : document;
            String text = JSON.writeValueAsString(schemas);
            JsonMetaSchema dialect = OpenApi31.getInstance();
            this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b.metaSchema(dialect)
                    .defaultMetaSchemaIri(dialect.getIri()).schemaLoaders(l -> l.schemas(Map.of(DOC, text))));
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document is not JSON", e);
        }
        document.path("paths").properties().forEach(path -> {
            String template = path.getKey();
            StringBuilder regex = new StringBuilder();
            int variables = 0;
            for (String part : template.split("(?=\\{)|(?<=\\})")) {
                if (part.startsWith("{")) {
                    regex.append("[^/]+");
                    variables++;
                } else {
                    regex.append(Pattern.quote(part));
                }
            }
            routes.add(new Route(template, Pattern.compile(regex.toString()), variables));
        });
        routes.sort(Comparator.comparingInt(Route::variables)); // /api/templates/validate before /api/templates/{key}
    }

    public JsonNode document() {
        return document;
    }

    /** "METHOD /path/{template} status" of every checked answer so far. */
    public Set<String> seen() {
        return Set.copyOf(seen);
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext ctx) {
        Response response = ctx.next(request, responseSpec);
        String path = URI.create(request.getURI()).getRawPath();
        if (path.startsWith("/api/")) {
            List<String> wrong = check(request.getMethod(), path, response.statusCode(), response.contentType(),
                    response.asByteArray(), response::getHeader);
            if (!wrong.isEmpty()) {
                throw new AssertionError(request.getMethod() + " " + path + " answered " + response.statusCode() + " "
                        + response.contentType() + ", which /q/openapi does not describe:\n  - " + String.join("\n  - ", wrong)
                        + "\n  body: " + abbreviate(response.asString()));
            }
        }
        return response;
    }

    /** What is wrong with one answer, by the document; empty when the document describes it. */
    public List<String> check(String method, String path, int status, String contentType, byte[] body,
            Function<String, String> header) {
        List<String> wrong = new ArrayList<>();
        Optional<Route> route = routes.stream().filter(r -> r.pattern().matcher(path).matches()).findFirst();
        if (route.isEmpty()) {
            return List.of("no path of the document matches " + path);
        }
        String template = route.get().template();
        JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            return List.of("the document has no " + method + " for " + template);
        }
        seen.add(method.toUpperCase(Locale.ROOT) + " " + template + " " + status);
        JsonNode responses = operation.path("responses");
        String code = String.valueOf(status);
        String declared = responses.has(code) ? code
                : responses.has(code.charAt(0) + "XX") ? code.charAt(0) + "XX"
                        : responses.has("default") ? "default" : null;
        if (declared == null) {
            return List.of("status " + status + " is not declared; declared: " + names(responses));
        }
        JsonNode answer = resolve(responses.path(declared));
        answer.path("headers").properties().forEach(h -> {
            if (resolve(h.getValue()).path("required").asBoolean(false) && header.apply(h.getKey()) == null) {
                wrong.add("required header " + h.getKey() + " is missing");
            }
        });
        JsonNode content = answer.path("content");
        boolean empty = body == null || body.length == 0;
        if (content.isMissingNode() || content.isEmpty()) {
            if (!empty) {
                wrong.add("the document declares no body for " + status + ", but one came");
            }
            return wrong;
        }
        if (empty) {
            wrong.add("the document declares a " + names(content) + " body for " + status + ", but none came");
            return wrong;
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        String key = mediaKey(content, mediaType);
        if (key == null) {
            wrong.add("media type '" + mediaType + "' is not declared for " + status + "; declared: " + names(content));
            return wrong;
        }
        JsonNode schema = content.path(key).path("schema");
        if (!mediaType.endsWith("json") || schema.isMissingNode()) {
            return wrong;
        }
        JsonNode value;
        try {
            value = JSON.readTree(body);
        } catch (IOException e) {
            wrong.add("the body is not JSON: " + e.getMessage());
            return wrong;
        }
        String at = method.toUpperCase(Locale.ROOT) + " " + template + " " + declared + " " + key;
        for (ValidationMessage m : schema(at, schema).validate(value)) {
            wrong.add(m.getMessage());
        }
        return wrong;
    }

    /**
     * What API linters ask of the document, for the operations under /api: an operationId, unique; a
     * security requirement; at least one 4xx answer; every error answered as problem+json; a schema
     * for every JSON body; and servers and a security scheme at the top.
     */
    public List<String> lint() {
        List<String> issues = new ArrayList<>();
        if (document.path("servers").isEmpty()) {
            issues.add("no servers");
        }
        if (document.path("components").path("securitySchemes").isEmpty()) {
            issues.add("no security scheme");
        }
        Map<String, String> operationIds = new HashMap<>();
        document.path("paths").properties().forEach(p -> p.getValue().properties().forEach(o -> {
            if (!p.getKey().startsWith("/api/") || !Set.of("get", "put", "post", "delete", "patch").contains(o.getKey())) {
                return;
            }
            String name = o.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey();
            JsonNode op = o.getValue();
            String id = op.path("operationId").asText("");
            if (id.isBlank()) {
                issues.add(name + ": no operationId");
            } else if (operationIds.putIfAbsent(id, name) != null) {
                issues.add(name + ": operationId '" + id + "' is also " + operationIds.get(id));
            }
            if (op.path("security").isEmpty() && document.path("security").isEmpty()) {
                issues.add(name + ": no security requirement");
            }
            JsonNode responses = op.path("responses");
            List<String> codes = responses.properties().stream().map(Map.Entry::getKey).toList();
            if (codes.stream().noneMatch(c -> c.startsWith("4"))) {
                issues.add(name + ": no 4xx response");
            }
            for (String c : codes) {
                JsonNode content = resolve(responses.path(c)).path("content");
                if ((c.startsWith("4") || c.startsWith("5")) && !content.has(PROBLEM_JSON)) {
                    issues.add(name + ": " + c + " is not declared as " + PROBLEM_JSON);
                }
                content.properties().forEach(m -> {
                    if (m.getKey().endsWith("json") && m.getValue().path("schema").isEmpty()) {
                        issues.add(name + ": " + c + " " + m.getKey() + " has no schema (say what the method answers)");
                    }
                });
            }
        }));
        return issues;
    }

    private JsonSchema schema(String at, JsonNode schema) {
        return compiled.computeIfAbsent(at, k -> {
            JsonNode rooted = absoluteRefs(schema.deepCopy());
            return factory.getSchema(SchemaLocation.of(DOC + "/responses/" + schemaCount.incrementAndGet()), rooted, config);
        });
    }

    /** A response's schema is read on its own; its "#/components/..." refs must still reach the document. */
    private static JsonNode absoluteRefs(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
                object.put("$ref", DOC + ref.asText());
            }
            object.properties().forEach(e -> absoluteRefs(e.getValue()));
        } else if (node instanceof ArrayNode array) {
            array.forEach(OpenApiResponseCheck::absoluteRefs);
        }
        return node;
    }

    /** OpenAPI 3.0's {@code nullable: true} as JSON Schema says it: "null" is one of the types. */
    private static JsonNode nullableAsTypes(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(e -> nullableAsTypes(e.getValue()));
            if (object.path("nullable").asBoolean(false)) {
                object.remove("nullable");
                JsonNode type = object.get("type");
                if (type != null && type.isTextual()) {
                    object.putArray("type").add(type.asText()).add("null");
                    if (object.get("enum") instanceof ArrayNode values) {
                        values.addNull();
                    }
                } else {
                    ObjectNode copy = object.deepCopy();
                    object.removeAll();
                    object.putArray("anyOf").add(copy).addObject().put("type", "null");
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(OpenApiResponseCheck::nullableAsTypes);
        }
        return node;
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref != null && ref.asText().startsWith("#") ? resolve(document.at(ref.asText().substring(1))) : node;
    }

    private static String mediaKey(JsonNode content, String mediaType) {
        if (content.has(mediaType)) {
            return mediaType;
        }
        String wildcard = mediaType.contains("/") ? mediaType.substring(0, mediaType.indexOf('/')) + "/*" : null;
        if (wildcard != null && content.has(wildcard)) {
            return wildcard;
        }
        return content.has("*/*") ? "*/*" : null;
    }

    private static String names(JsonNode object) {
        return new TreeSet<>(object.properties().stream().map(Map.Entry::getKey).toList()).toString();
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 600 ? s : s.substring(0, 600) + "…";
    }
}
