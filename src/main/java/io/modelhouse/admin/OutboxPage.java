package io.modelhouse.admin;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import io.modelhouse.common.PageLocale;
import io.modelhouse.common.Texts;
import io.modelhouse.mail.OutboxMail;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
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
        static native TemplateInstance index(Texts t, List<OutboxMail> mails);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance index(@QueryParam("lang") String lang, @Context HttpHeaders headers) {
        List<OutboxMail> mails = OutboxMail.<OutboxMail> findAll(Sort.descending("createdAt")).page(Page.ofSize(100)).list();
        return Templates.index(Texts.of(PageLocale.resolve(lang, headers)), mails);
    }
}
