package io.modelhouse.admin;

import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import io.modelhouse.mail.Outbox;
import io.modelhouse.mail.OutboxMail;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** The mails Modelhouse wrote, newest first: in local mode nothing is sent, so this is where a demo reads them. */
@Path("/admin/outbox")
@RolesAllowed("admin")
@Blocking
public class OutboxPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<OutboxMail> mails);
    }

    @Inject
    Outbox outbox;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response index(@QueryParam("lang") String lang, @Context HttpHeaders headers) {
        Locale locale = PageLocale.resolve(lang, headers);
        return Pages.html(Templates.index(outbox.newest(100)), locale, lang);
    }
}
