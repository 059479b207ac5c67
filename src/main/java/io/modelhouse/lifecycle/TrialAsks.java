package io.modelhouse.lifecycle;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.ModelhouseConfig;
import io.modelhouse.identity.Prospect;
import io.modelhouse.mail.TrialMails;
import io.quarkus.panache.common.Sort;

/**
 * What a prospect asks from the trial banner: more days, or a conversation with sales. Each ask is
 * kept for the tenant's console page and mailed to the tenant's owner in the same transaction (the
 * outbox delivers it), so an ask that was answered "received" is never lost.
 */
@ApplicationScoped
@Transactional
public class TrialAsks {

    /** The extension form: how many more days (1–30) and, optionally, why. */
    public record ExtensionAsk(@NotNull @Min(1) @Max(30) Integer days, @Size(max = 500) String why) {
    }

    /** The talk-to-sales form: what about, optionally. */
    public record ContactAsk(@Size(max = 500) String message) {
    }

    @Inject
    ModelhouseClock clock;
    @Inject
    TrialMails mails;
    @Inject
    ModelhouseConfig config;
    @Inject
    TenantLifecycle lifecycle;

    public TrialAsk extension(Prospect p, ExtensionAsk ask) {
        return keep(p, "extension", ask.days(), ask.why());
    }

    public TrialAsk contact(Prospect p, ContactAsk ask) {
        return keep(p, "contact", null, ask.message());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TrialAsk> ofTenant(UUID tenantId) {
        return TrialAsk.<TrialAsk> find("tenantId", Sort.descending("createdAt"), tenantId).page(0, 50).list();
    }

    /** What pre-sales says to a request: a note of at most 500 characters. */
    public record Answer(
            @jakarta.validation.constraints.NotBlank(message = "say what you did or will do") @Size(max = 500) String text) {
    }

    /**
     * Pre-sales grants an extension request: the trial is extended by the days asked for and the
     * request is marked answered. A request already answered is refused.
     */
    public TrialAsk approve(UUID tenantId, UUID askId, String by) {
        TrialAsk a = open(tenantId, askId);
        if (!"extension".equals(a.kind)) {
            throw io.modelhouse.common.ApiProblem.conflict("Only an extension request can be approved; answer this one");
        }
        lifecycle.extend(tenantId, a.days, by);
        return answered(a, "+" + a.days + " d", by);
    }

    /** Pre-sales answers a request (a call arranged, a reason given). */
    public TrialAsk answer(UUID tenantId, UUID askId, Answer answer, String by) {
        return answered(open(tenantId, askId), answer.text().strip(), by);
    }

    private TrialAsk open(UUID tenantId, UUID askId) {
        TrialAsk a = TrialAsk.findById(askId);
        if (a == null || !a.tenantId.equals(tenantId)) {
            throw io.modelhouse.common.ApiProblem.notFound("Request " + askId);
        }
        if (a.answeredAt != null) {
            throw io.modelhouse.common.ApiProblem.conflict("This request was already answered by " + a.answeredBy);
        }
        return a;
    }

    private TrialAsk answered(TrialAsk a, String text, String by) {
        a.answeredAt = clock.now();
        a.answeredBy = by;
        a.answer = text;
        return a;
    }

    /** With the tenant's other personal data, when it is purged. */
    public void forget(UUID tenantId) {
        TrialAsk.delete("tenantId", tenantId);
    }

    private TrialAsk keep(Prospect p, String kind, Integer days, String message) {
        TrialAsk a = new TrialAsk();
        a.id = UUID.randomUUID();
        a.tenantId = p.tenant().id;
        a.accountId = p.account().id;
        a.person = p.account().name;
        a.kind = kind;
        a.days = days;
        a.message = message == null || message.isBlank() ? null : message.strip();
        a.createdAt = clock.now();
        a.persist();
        String owner = p.tenant().ownerEmail;
        String to = owner != null && owner.contains("@") ? owner : config.mail().salesAddress();
        mails.ask(p.tenant().id, to, Locale.SIMPLIFIED_CHINESE, new TrialMails.Ask(kind, p.tenant().company, a.person,
                p.account().roleKey, days, a.message, p.tenant().expiresAt, p.tenant().timeZone));
        return a;
    }
}
