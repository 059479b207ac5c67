package io.modelhouse.common;

import java.util.List;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * One mapper per error family, each answering RFC 9457 problem+json: our own problems, bean
 * validation, security, and the framework's HTTP errors (404 of an unknown path, 415, ...).
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e, UriInfo uri) {
        return respond(e.status(), e.title(), e.getMessage(), uri, e.errors());
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<ApiProblem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> ApiProblem.FieldError.of(requestPath(v.getPropertyPath().toString()), v.getMessage()))
                .sorted((a, b) -> a.path().compareTo(b.path()))
                .toList();
        return respond(422, "Unprocessable Content", "The request has invalid fields; see errors.", uri, errors);
    }

    @ServerExceptionMapper({ ForbiddenException.class })
    public Response forbidden(RuntimeException e, UriInfo uri) {
        return respond(403, "Forbidden", "Your login may not do this.", uri, List.of());
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return respond(401, "Unauthorized", "Log in first: send a bearer token from the modelhouse realm.", uri, List.of());
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 300 && status < 400) {
            return original; // redirects (login) are not errors
        }
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        Response.StatusType info = original.getStatusInfo();
        return respond(status, info.getReasonPhrase(), e.getMessage(), uri, List.of());
    }

    /**
     * Anything unexpected: logged with an id the caller can quote, answered as problem+json like every
     * other error of the API, without internals in the body.
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Exception e, UriInfo uri) {
        String errorId = java.util.UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure %s on %s", errorId, uri == null ? "?" : uri.getPath());
        return respond(500, "Internal Server Error", "Something went wrong on our side (error id " + errorId
                + "). Try again; if it persists, quote the error id.", uri, List.of());
    }

    /** "create.request.contacts[0].name" → "contacts[0].name": the path as the caller wrote it. */
    private static String requestPath(String propertyPath) {
        String[] parts = propertyPath.split("\\.", 3);
        return parts.length == 3 ? parts[2] : propertyPath;
    }

    static Response respond(int status, String title, String detail, UriInfo uri, List<ApiProblem.FieldError> errors) {
        String instance = uri == null ? null : uri.getPath();
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, title, detail, instance, errors))
                .build();
    }
}
