package io.modelhouse.common;

import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * One mapper per error family: our own problems, bean validation, security, the framework's HTTP
 * errors (404 of an unknown path, 415, ...), and the unexpected. The API answers RFC 9457
 * problem+json; a browser on a page gets the same error as a page ({@link ErrorPage}).
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e, UriInfo uri, HttpHeaders headers) {
        Response r = respond(e.status(), e.title(), e.getMessage(), uri, headers, e.errors());
        return e.retryAfterSeconds() == null ? r
                : Response.fromResponse(r).header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri, HttpHeaders headers) {
        List<ApiProblem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> ApiProblem.FieldError.of(requestPath(v.getPropertyPath().toString()), v.getMessage()))
                .sorted((a, b) -> a.path().compareTo(b.path()))
                .toList();
        return respond(422, "Unprocessable Content", "The request has invalid fields; see errors.", uri, headers, errors);
    }

    @ServerExceptionMapper({ ForbiddenException.class })
    public Response forbidden(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        return respond(403, "Forbidden", "Your login may not do this.", uri, headers, List.of());
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        Response r = respond(401, "Unauthorized", UNAUTHORIZED_DETAIL, uri, headers, List.of());
        if (!MediaType.TEXT_HTML_TYPE.isCompatible(r.getMediaType())) {
            return Response.fromResponse(r).header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE).build();
        }
        // a page whose session did not hold (unknown, forged or ended cookie): OIDC has already put its
        // login challenge on the response (the redirect to Keycloak and its state cookie); a person is
        // sent there, as Quarkus's own mapper would, instead of being shown a 401
        String login = request == null || request.getCurrent() == null ? null
                : request.getCurrent().response().headers().get(HttpHeaders.LOCATION);
        return e instanceof AuthenticationFailedException && login != null
                ? Response.status(Response.Status.FOUND).location(java.net.URI.create(login)).build()
                : r;
    }

    @jakarta.inject.Inject
    io.quarkus.vertx.http.runtime.CurrentVertxRequest request;

    static final String UNAUTHORIZED_DETAIL = "Log in first: send 'Authorization: Bearer <access token>' with a token of"
            + " the modelhouse realm (a token that is expired or from elsewhere is refused too).";
    static final String BEARER_CHALLENGE = "Bearer realm=\"modelhouse\"";

    /**
     * A body that is not the JSON the call takes (not JSON at all, an array for an object, a text
     * for a number): 400, saying where and what was expected, in the caller's words, not Jackson's.
     */
    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class, InvalidFormatException.class,
            JsonParseException.class })
    public Response json(JsonProcessingException e, UriInfo uri, HttpHeaders headers) {
        String detail;
        if (e instanceof JsonParseException || e.getClass().getSimpleName().contains("EOF")) {
            var at = e.getLocation();
            detail = "The body is not valid JSON" + (at == null ? ""
                    : " (line " + at.getLineNr() + ", column "
                            + at.getColumnNr() + ")")
                    + "; send one JSON object as the API description shows.";
        } else if (e instanceof MismatchedInputException m) {
            String path = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce("", (a, b) -> a.isEmpty() || b.startsWith("[") ? a + b : a + "." + b);
            String expected = m.getTargetType() == null ? "another type" : expectedName(m.getTargetType());
            detail = path.isEmpty() ? "The body must be " + expected + ", not what was sent."
                    : "'" + path + "' must be " + expected + (m instanceof InvalidFormatException f && f.getValue() != null
                            ? ", not '" + f.getValue() + "'"
                            : "") + ".";
        } else {
            detail = "The body could not be read as the JSON this call takes; check it against the API description.";
        }
        return respond(400, "Bad Request", detail, uri, headers, List.of());
    }

    private static String expectedName(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == String.class) {
            return "a text";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return "a JSON object";
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 300 && status < 400) {
            return original; // redirects (login) are not errors
        }
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        return respond(status, original.getStatusInfo().getReasonPhrase(), e.getMessage(), uri, headers, List.of());
    }

    /**
     * Anything unexpected: logged with an id the caller can quote, answered like every other error,
     * without internals in the body.
     */
    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response unexpected(Exception e, UriInfo uri, HttpHeaders headers) {
        String errorId = UUID.randomUUID().toString();
        if (clientWentAway(e)) {
            // the caller closed the connection while its body was being read: nobody to answer, nothing broken
            LOG.debugf("Client closed the connection during %s", uri == null ? "?" : uri.getPath());
        } else {
            LOG.errorf(e, "Unexpected failure %s on %s", errorId, uri == null ? "?" : uri.getPath());
        }
        return respond(500, "Internal Server Error", "Something went wrong on our side (error id " + errorId
                + "). Try again; if it persists, quote the error id.", uri, headers, List.of());
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.core.http.HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    /**
     * An error answered with no body at all (a filter's refusal, such as a form whose CSRF token does
     * not verify) still reaches a person as a page.
     */
    @ServerResponseFilter
    public void bareErrors(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() >= 400 && !response.hasEntity()
                && !ErrorPage.wanted(request.getUriInfo().getPath(), request.getAcceptableMediaTypes())) {
            // the API's own bare refusals are problem+json too
            response.setEntity(Problem.of(response.getStatus(), response.getStatusInfo().getReasonPhrase(),
                    "The request was refused (" + response.getStatus() + " " + response.getStatusInfo().getReasonPhrase()
                            + "); check the call against the API description at /q/openapi.",
                    request.getUriInfo().getPath(), List.of()), null, MediaType.valueOf(Problem.MEDIA_TYPE));
            return;
        }
        if (response.getStatus() >= 400 && !response.hasEntity()
                && ErrorPage.wanted(request.getUriInfo().getPath(), request.getAcceptableMediaTypes())) {
            response.setEntity(ErrorPage.render(response.getStatus(), null,
                    PageLocale.resolve(request.getUriInfo().getQueryParameters().getFirst("lang"), request.getCookies(),
                            request.getAcceptableLanguages())),
                    null,
                    MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        }
    }

    /** "create.request.contacts[0].name" → "contacts[0].name": the path as the caller wrote it. */
    private static String requestPath(String propertyPath) {
        String[] parts = propertyPath.split("\\.", 3);
        return parts.length == 3 ? parts[2] : propertyPath;
    }

    static Response respond(int status, String title, String detail, UriInfo uri, HttpHeaders headers,
            List<ApiProblem.FieldError> errors) {
        String path = uri == null ? null : uri.getPath();
        if (headers != null && ErrorPage.wanted(path, headers.getAcceptableMediaTypes())) {
            String shown = status == 401 || status == 403 ? null : detail; // the page's own words say it better
            return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(ErrorPage.render(status, shown,
                            PageLocale.resolve(uri.getQueryParameters().getFirst("lang"), headers)))
                    .build();
        }
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, title, detail, path, errors))
                .build();
    }
}
