package io.modelhouse.common;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.vertx.ext.web.Router;

/**
 * A bearer token that does not verify (expired, forged, another realm) is refused by the HTTP
 * layer before any resource runs, so no exception mapper sees it; without this, the API would
 * answer a bare 401. Here the refusal becomes problem+json like every other API error. (A missing
 * token is refused inside the REST layer, where {@link ProblemMapper} answers it.)
 */
public class AuthFailures {

    void apiRefusals(@Observes Router router, ObjectMapper json) {
        router.route("/api/*").order(-1000).failureHandler(ctx -> {
            if (!(ctx.failure() instanceof AuthenticationFailedException) || ctx.response().headWritten()) {
                ctx.next();
                return;
            }
            ctx.response().setStatusCode(401)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.WWW_AUTHENTICATE, ProblemMapper.BEARER_CHALLENGE + ", error=\"invalid_token\"")
                    .end(body(json, Problem.of(401, "Unauthorized", ProblemMapper.UNAUTHORIZED_DETAIL, ctx.normalizedPath(),
                            List.of())));
        });
    }

    private static String body(ObjectMapper json, Problem p) {
        try {
            return json.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
