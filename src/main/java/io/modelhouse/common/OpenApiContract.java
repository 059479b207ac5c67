package io.modelhouse.common;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Makes {@code /q/openapi} say what the API really answers (issue 14): client generators and
 * contract validators take the document literally. The scanner sees resource methods, not
 * {@link ProblemMapper}, so it cannot know the errors; this adds them, each with the one
 * problem+json shape ({@link Problem}) every error has. The rules follow the mappers: every /api call
 * needs a token (401) and a role (403) and may fail unexpectedly (500); a body may be unreadable (400)
 * or invalid (422); a path or number parameter may name nothing (404, JAX-RS answers a query number
 * it cannot parse with 404 too). Errors only some calls have are listed in {@link #SPECIFIC}.
 * Pages (HTML, outside /api) are no part of the contract and are left out. Runs once at startup:
 * the servers come from runtime config.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class OpenApiContract implements OASFilter {

    static final String API = "/api/";
    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "ProblemFieldError";

    /**
     * Errors only some calls have, read off the code: ApiProblem.conflict (an Idempotency-Key reused,
     * a tenant still being built, seats used up, a version's state), provisioning's 502, and the query
     * values the services check (Paging: 400 not a number, 422 out of range; an unknown state or mode).
     */
    static final Map<String, List<Integer>> SPECIFIC = Map.ofEntries(
            Map.entry("POST /api/tenants", List.of(409, 502)),
            Map.entry("GET /api/tenants", List.of(400, 422)),
            Map.entry("POST /api/tenants/{id}/extend", List.of(409)),
            Map.entry("POST /api/tenants/{id}/expire", List.of(409)),
            Map.entry("POST /api/tenants/{id}/reset", List.of(409, 422)),
            Map.entry("DELETE /api/tenants/{id}", List.of(409)),
            Map.entry("POST /api/tenants/{id}/accounts", List.of(409)),
            Map.entry("POST /api/portal/invitations", List.of(409)),
            Map.entry("GET /api/portal/records", List.of(400, 422)),
            Map.entry("POST /api/templates/{key}/versions/{version}/publish", List.of(409)),
            Map.entry("POST /api/templates/{key}/versions/{version}/retire", List.of(409)),
            Map.entry("POST /api/tenants/{id}/convert", List.of(409)),
            Map.entry("POST /api/tenants/{id}/move-in", List.of(409, 422)),
            Map.entry("GET /api/tenants/{id}/export", List.of(422)),
            Map.entry("POST /api/trial-requests", List.of(429)),
            Map.entry("POST /api/trial-requests/{id}/approve", List.of(409, 502)),
            Map.entry("POST /api/trial-requests/{id}/invite", List.of(409)),
            Map.entry("POST /api/trial-requests/{id}/refuse", List.of(409)));

    private static final Map<Integer, String> WHY = Map.of(
            400, "Bad Request: the body is not the JSON the call takes, or a query value is not a number",
            401, "Unauthorized: no bearer token, or one the modelhouse realm did not issue",
            403,
            "Forbidden: the token's role may not do this (a prospect on a staff call, staff or an ended trial on /api/portal)",
            404, "Not Found: what the path names does not exist or is not yours to see",
            409, "Conflict: the state of the resource does not allow this now; detail says why",
            422, "Unprocessable Content: invalid fields; errors[] names each one",
            429, "Too Many Requests: a rate limit of the abuse guard; Retry-After says when to try again",
            500, "Internal Server Error: detail carries an error id to quote",
            502, "Bad Gateway: building the model house failed downstream; nothing was left behind");

    /** What Quarkus writes on the responses it adds by itself; replaced by the words above. */
    private static final Set<String> GENERIC_WORDS = Set.of("Not Authorized", "Not Allowed", "Bad Request");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        components.addSchema(PROBLEM, problemSchema());
        components.addSchema(FIELD_ERROR, fieldErrorSchema());
        freeFormJsonNode(components);
        String scheme = securityScheme(components);

        for (String path : new ArrayList<>(openAPI.getPaths().getPathItems().keySet())) {
            if (!path.startsWith(API)) {
                openAPI.getPaths().removePathItem(path);
                continue;
            }
            PathItem item = openAPI.getPaths().getPathItem(path);
            item.getOperations().forEach((method, operation) -> {
                ensureOperationId(method, path, operation);
                if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
                    operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(scheme));
                }
                APIResponses responses = operation.getResponses();
                if (responses == null) {
                    responses = OASFactory.createAPIResponses();
                    operation.setResponses(responses);
                }
                dropPlaceholderSuccess(responses);
                for (int status : errorStatuses(method.name() + " " + path, path, item, operation)) {
                    addProblem(responses, status);
                }
                if (responses.getAPIResponses() != null) {
                    responses.setAPIResponses(new TreeMap<>(responses.getAPIResponses())); // read in status order
                }
            });
        }
        if (openAPI.getServers() == null || openAPI.getServers().isEmpty()) {
            ConfigProvider.getConfig().getOptionalValue("modelhouse.public-url", String.class)
                    .ifPresent(url -> openAPI.addServer(OASFactory.createServer().url(url)));
        }
    }

    static Set<Integer> errorStatuses(String key, String path, PathItem item, Operation operation) {
        Set<Integer> statuses = new TreeSet<>(List.of(401, 403, 500));
        if (operation.getRequestBody() != null) {
            statuses.add(400);
            statuses.add(422);
        }
        if (path.contains("{") || hasNumberParameter(item.getParameters()) || hasNumberParameter(operation.getParameters())) {
            statuses.add(404);
        }
        statuses.addAll(SPECIFIC.getOrDefault(key, List.of()));
        return statuses;
    }

    private static boolean hasNumberParameter(List<Parameter> parameters) {
        if (parameters == null) {
            return false;
        }
        return parameters.stream().anyMatch(p -> p.getSchema() != null && p.getSchema().getType() != null
                && (p.getSchema().getType().contains(SchemaType.INTEGER)
                        || p.getSchema().getType().contains(SchemaType.NUMBER)));
    }

    private static void addProblem(APIResponses responses, int status) {
        String code = String.valueOf(status);
        APIResponse response = responses.getAPIResponse(code);
        if (response == null) {
            response = OASFactory.createAPIResponse();
            responses.addAPIResponse(code, response);
        }
        if (response.getDescription() == null || response.getDescription().isBlank()
                || GENERIC_WORDS.contains(response.getDescription())) {
            response.setDescription(WHY.getOrDefault(status, "Error"));
        }
        Content content = response.getContent();
        if (content == null) {
            content = OASFactory.createContent();
            response.setContent(content);
        }
        if (!content.hasMediaType(Problem.MEDIA_TYPE)) {
            content.addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType().schema(ref(PROBLEM)));
        }
        if (status == 401 && (response.getHeaders() == null || !response.getHeaders().containsKey("WWW-Authenticate"))) {
            response.addHeader("WWW-Authenticate", OASFactory.createHeader().schema(string("The bearer challenge")));
        }
    }

    /**
     * A method returning {@code Response} gets "200 OK" with an empty schema from the scanner; once
     * the method declares its real success answer (201, 204, ...), that placeholder is not true.
     */
    private static void dropPlaceholderSuccess(APIResponses responses) {
        Map<String, APIResponse> all = responses.getAPIResponses();
        if (all == null) {
            return;
        }
        List<String> placeholders = all.entrySet().stream()
                .filter(e -> e.getKey().startsWith("2") && isPlaceholder(e.getValue())).map(Map.Entry::getKey).toList();
        boolean realSuccess = all.keySet().stream().anyMatch(k -> k.startsWith("2") && !placeholders.contains(k));
        if (realSuccess) {
            placeholders.forEach(responses::removeAPIResponse);
        }
    }

    private static boolean isPlaceholder(APIResponse response) {
        Content content = response.getContent();
        if (content == null || content.getMediaTypes() == null || content.getMediaTypes().isEmpty()) {
            return false;
        }
        for (MediaType type : content.getMediaTypes().values()) {
            Schema schema = type.getSchema();
            if (schema != null && schema.getAll() != null && !schema.getAll().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static void ensureOperationId(PathItem.HttpMethod method, String path, Operation operation) {
        if (operation.getOperationId() != null && !operation.getOperationId().isBlank()) {
            return;
        }
        // normally set by quarkus.smallrye-openapi.operation-id-strategy or @Operation; never left without
        StringBuilder id = new StringBuilder(method.name().toLowerCase(Locale.ROOT));
        for (String segment : path.substring(API.length()).split("/")) {
            boolean variable = segment.startsWith("{");
            String word = segment.replaceAll("[^A-Za-z0-9]", "");
            if (!word.isEmpty()) {
                id.append(variable ? "By" : "").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        operation.setOperationId(id.toString());
    }

    /** The scheme Quarkus added for OIDC if there is one; else a bearer JWT scheme, which is what /api takes. */
    private static String securityScheme(Components components) {
        Map<String, SecurityScheme> schemes = components.getSecuritySchemes();
        if (schemes != null && !schemes.isEmpty()) {
            return schemes.keySet().iterator().next();
        }
        components.addSecurityScheme("bearer", OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").bearerFormat("JWT")
                .description("An access token of the modelhouse realm: Authorization: Bearer <token>"));
        return "bearer";
    }

    /**
     * Jackson's JsonNode is any JSON; scanned as a bean it would claim boolean "array", "object", ...
     * properties that real values contradict.
     */
    private static void freeFormJsonNode(Components components) {
        if (components.getSchemas() != null && components.getSchemas().containsKey("JsonNode")) {
            components.addSchema("JsonNode", OASFactory.createSchema().description("Any JSON value"));
            components.removeSchema("JsonNodeType");
        }
    }

    /** {@link Problem} as Jackson writes it: empty detail, instance and errors are left out (NON_EMPTY). */
    static Schema problemSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", string("Always about:blank: the status says what kind of problem it is"));
        properties.put("title", string("The status's short name"));
        properties.put("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32")
                .minimum(BigDecimal.valueOf(400)).maximum(BigDecimal.valueOf(599)));
        properties.put("detail", string("What went wrong, for a person"));
        properties.put("instance", string("The request path"));
        properties.put("errors", OASFactory.createSchema().addType(SchemaType.ARRAY).items(ref(FIELD_ERROR))
                .description("Every invalid field (422); present only when there are some"));
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("RFC 9457 problem details; every error of /api is answered with one")
                .required(List.of("type", "title", "status")).properties(properties);
    }

    /** {@link ApiProblem.FieldError}: Jackson writes its nulls (a request field has no file or line). */
    static Schema fieldErrorSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("file", nullable(SchemaType.STRING, "The bundle file, for template bundles"));
        properties.put("line", nullable(SchemaType.INTEGER, "The line in that file, when known").format("int32"));
        properties.put("path", nullable(SchemaType.STRING, "The field as the caller wrote it, e.g. contacts[0].email"));
        properties.put("message", string("What to do about it"));
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .required(List.of("file", "line", "path", "message")).properties(properties);
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
    }

    private static Schema nullable(SchemaType type, String description) {
        return OASFactory.createSchema().addType(type).addType(SchemaType.NULL).description(description);
    }

    private static Schema ref(String name) {
        return OASFactory.createSchema().ref("#/components/schemas/" + name);
    }
}
