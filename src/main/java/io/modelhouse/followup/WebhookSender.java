package io.modelhouse.followup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.ModelhouseConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Delivers the webhook outbox, on every node: a loop claims due deliveries (SKIP LOCKED, with a
 * lease), posts them all at once, and records how each went. It sleeps until a new delivery is
 * committed or the poll interval passes. The JDK's HttpClient sends them: the endpoints are URLs
 * added at run time, not interfaces known at build time, which is what the REST client is for.
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);

    @Inject
    WebhookService store;
    @Inject
    ModelhouseConfig config;
    @Inject
    ModelhouseClock clock;

    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread loop;
    private HttpClient http;

    void start(@Observes StartupEvent e) {
        if (!config.webhooks().send()) {
            LOG.info("Webhooks are not delivered from this node (modelhouse.webhooks.send=false)");
            return;
        }
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.webhooks().timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        running = true;
        loop = new Thread(this::run, "webhook-sender");
        loop.setDaemon(true);
        loop.start();
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        wake.release();
    }

    /** A delivery was committed: look now rather than at the next poll. */
    void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) WebhookService.Queued q) {
        wake.release();
    }

    private void run() {
        while (running) {
            try {
                int sent = sendDue();
                if (sent == 0) {
                    wake.tryAcquire(config.webhooks().poll().toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException ex) {
                LOG.warnf("Webhook sender: %s; trying again shortly", ex.getMessage());
                try {
                    Thread.sleep(config.webhooks().poll().toMillis()); // back off from a failing database, not a sync
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Claims one batch of due deliveries, sends them all at once and records the outcomes. @return how many were tried */
    @ActivateRequestContext
    public int sendDue() {
        List<WebhookService.Claimed> batch = store.claim(config.webhooks().batch());
        if (batch.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<WebhookService.Outcome>> sending = new ArrayList<>();
        for (WebhookService.Claimed c : batch) {
            sending.add(send(c));
        }
        List<WebhookService.Outcome> outcomes = sending.stream().map(CompletableFuture::join).toList();
        store.settle(batch, outcomes);
        outcomes.stream().filter(o -> !o.ok()).forEach(o -> LOG.debugf("Webhook delivery %s failed: %s", o.id(), o.error()));
        return batch.size();
    }

    private CompletableFuture<WebhookService.Outcome> send(WebhookService.Claimed c) {
        long ts = clock.now().getEpochSecond();
        HttpRequest req;
        try {
            req = HttpRequest.newBuilder(URI.create(c.url())).timeout(config.webhooks().timeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Modelhouse-Webhooks/1")
                    .header(WebhookSignature.DELIVERY, c.id().toString())
                    .header(WebhookSignature.EVENT, c.event())
                    .header(WebhookSignature.TIMESTAMP, Long.toString(ts))
                    .header(WebhookSignature.SIGNATURE, WebhookSignature.sign(c.secret(), ts, c.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(c.body())).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture
                    .completedFuture(new WebhookService.Outcome(c.id(), false, null, "bad url: " + e.getMessage()));
        }
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).handle((res, err) -> {
            if (err != null) {
                Throwable cause = err.getCause() == null ? err : err.getCause();
                return new WebhookService.Outcome(c.id(), false, null,
                        cut(cause.getClass().getSimpleName() + ": " + cause.getMessage()));
            }
            boolean ok = res.statusCode() / 100 == 2;
            return new WebhookService.Outcome(c.id(), ok, res.statusCode(),
                    ok ? null
                            : cut("HTTP " + res.statusCode()
                                    + (res.body() == null || res.body().isBlank() ? "" : ": " + res.body())));
        });
    }

    private static String cut(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "…";
    }
}
