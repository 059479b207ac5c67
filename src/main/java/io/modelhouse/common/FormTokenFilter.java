package io.modelhouse.common;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Every form post to a page ({@link FormPost}; not {@code /api}, whose callers authenticate with a
 * bearer token no other site can make a browser send) must carry the session's {@link FormToken};
 * one that does not is refused with 403 before anything happens, as a page that says what to do.
 */
public class FormTokenFilter {

    @Inject
    FormToken token;

    @ServerRequestFilter
    @WithFormRead
    @FormPost
    public void verify(ResteasyReactiveContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        Object sent = ((ResteasyReactiveRequestContext) request.getServerRequestContext()).getFormParameter(FormToken.FIELD,
                true, false);
        if (!token.matches(sent == null ? null : sent.toString())) {
            String detail = "The form's security token is missing or does not belong to your session; reload the page and try again.";
            request.abortWith(ErrorPage.wanted(path, request.getAcceptableMediaTypes())
                    ? Response.status(403).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                            .entity(ErrorPage.renderFormRefused(PageLocale.resolve(null, request.getCookies(),
                                    request.getAcceptableLanguages())))
                            .build()
                    : Response.status(403).type(Problem.MEDIA_TYPE).entity(Problem.of(403, "Forbidden", detail, path, null))
                            .build());
        }
    }
}
