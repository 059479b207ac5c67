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
        return respond(e.status(), e.title(), e.getMessage(), uri, headers, e.errors());
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
        return respond(401, "Unauthorized", "Log in first: send a bearer token from the modelhouse realm.", uri, headers,
                List.of());
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
        LOG.errorf(e, "Unexpected failure %s on %s", errorId, uri == null ? "?" : uri.getPath());
        return respond(500, "Internal Server Error", "Something went wrong on our side (error id " + errorId
                + "). Try again; if it persists, quote the error id.", uri, headers, List.of());
    }

    /**
     * An error answered with no body at all (a filter's refusal, such as a form whose CSRF token does
     * not verify) still reaches a person as a page.
     */
    @ServerResponseFilter
    public void bareErrors(ContainerRequestContext request, ContainerResponseContext response) {
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
