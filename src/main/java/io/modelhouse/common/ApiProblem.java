package io.modelhouse.common;

import java.util.List;

/**
 * An error the API reports as RFC 9457 problem+json. Thrown anywhere below a resource;
 * {@link ProblemMapper} turns it into the response.
 */
public class ApiProblem extends RuntimeException {

    public record FieldError(String file, Integer line, String path, String message) {
        public static FieldError of(String path, String message) {
            return new FieldError(null, null, path, message);
        }
    }

    private final int status;
    private final String title;
    private final List<FieldError> errors;
    private Integer retryAfterSeconds;

    public ApiProblem(int status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public ApiProblem(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(404, "Not Found", what + " does not exist or is not yours to see");
    }

    public static ApiProblem invalid(String detail, List<FieldError> errors) {
        return new ApiProblem(422, "Unprocessable Content", detail, errors);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "Conflict", detail);
    }

    /** Refused for now (a full queue, a busy writer): try again after the given seconds. */
    public static ApiProblem tryAgain(int status, String title, String detail, int retryAfterSeconds) {
        ApiProblem p = new ApiProblem(status, title, detail);
        p.retryAfterSeconds = retryAfterSeconds;
        return p;
    }

    /** The same problem, telling the client when to try again. */
    public ApiProblem retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "Forbidden", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
