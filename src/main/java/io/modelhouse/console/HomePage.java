package io.modelhouse.console;

import java.util.Locale;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.modelhouse.common.PageLocale;
import io.modelhouse.common.Pages;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The public front door: what this is and where to log in. */
@Path("/")
public class HomePage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response index(@QueryParam("lang") String lang, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        return Pages.html(Templates.index(), locale, lang);
    }
}
