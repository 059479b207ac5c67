package io.modelhouse.mail;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.modelhouse.common.JobLedger;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.SealedSecrets;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.scheduler.Scheduled;

/**
 * Delivers PENDING mails through quarkus-mailer (only written where MODELHOUSE_MAIL_DELIVER=true).
 * A failure leaves the mail PENDING with its error and it is tried again on the next run: nothing
 * is lost while the mail server is down. Rows are claimed with SKIP LOCKED, so two nodes never
 * send the same mail.
 */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);

    @Inject
    Mailer mailer;
    @Inject
    EntityManager em;
    @Inject
    ModelhouseClock clock;
    @Inject
    SealedSecrets secrets;

    private static String withSecret(String body, String secret) {
        return secret == null ? body : body.replace(TrialMails.PASSWORD_MASK, secret);
    }

    @Scheduled(identity = "mail-sender", skipExecutionIf = JobLedger.class, every = "${modelhouse.mail.send-every:30s}", delayed = "${modelhouse.jobs.delay:20s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        deliverPending();
    }

    @ActivateRequestContext
    public int deliverPending() {
        int sent = 0;
        while (true) {
            List<OutboxMail> batch = sendBatch();
            long ok = batch.stream().filter(m -> m.status == OutboxMail.Status.SENT).count();
            sent += (int) ok;
            if (batch.size() < 20 || ok == 0) {
                return sent;
            }
        }
    }

    /** Up to 20 pending mails, claimed (SKIP LOCKED), sent and marked in one transaction. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    List<OutboxMail> sendBatch() {
        @SuppressWarnings("unchecked")
        List<OutboxMail> rows = em.createNativeQuery("SELECT * FROM mail_outbox WHERE status = 'PENDING' ORDER BY created_at"
                + " LIMIT 20 FOR UPDATE SKIP LOCKED", OutboxMail.class).getResultList();
        for (OutboxMail m : rows) {
            try {
                String secret = m.secretSealed == null ? null : secrets.unseal(m.secretSealed);
                mailer.send(Mail.withHtml(m.toAddress, m.subject, withSecret(m.bodyHtml, secret))
                        .setText(withSecret(m.bodyText, secret)));
                m.secretSealed = null; // delivered: the outbox forgets the password
                m.status = OutboxMail.Status.SENT;
                m.sentAt = clock.now();
                m.error = null;
            } catch (RuntimeException e) {
                m.error = String.valueOf(e.getMessage());
                LOG.warnf("Mail %d to %s not sent yet: %s", m.id, m.toAddress, e.getMessage());
            }
        }
        return rows;
    }
}
