package io.modelhouse.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.modelhouse.common.Paging;
import io.modelhouse.mail.Outbox;
import io.modelhouse.mail.OutboxMail;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code GET /api/outbox?to=&kind=}: the mails Modelhouse wrote, newest first, so that a local run or
 * a script can follow a verification link without a mail server. Passwords stay masked.
 */
@Path("/api/outbox")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Blocking
public class OutboxResource {

    public record MailView(long id, UUID tenantId, String kind, String to, String toName, String locale, String subject,
            String text, String html, String status, Instant createdAt, Instant sentAt) {
    }

    @Inject
    Outbox outbox;

    @GET
    public List<MailView> list(@QueryParam("to") String to, @QueryParam("kind") String kind, @QueryParam("size") String size) {
        return outbox.newest(to, kind, Paging.of(null, size, 50).size()).stream().map(OutboxResource::view).toList();
    }

    private static MailView view(OutboxMail m) {
        return new MailView(m.id, m.tenantId, m.kind, m.toAddress, m.toName, m.locale, m.subject, m.bodyText, m.bodyHtml,
                m.status.name(), m.createdAt, m.sentAt);
    }
}
