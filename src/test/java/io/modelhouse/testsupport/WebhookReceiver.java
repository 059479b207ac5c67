package io.modelhouse.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import io.modelhouse.followup.WebhookSignature;

/**
 * A CRM's webhook endpoint, for real, in the test: a local HTTP server that keeps every request it
 * got, checks its signature, and answers 500 for as many attempts of a delivery as it is told to.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A request as it arrived, and whether its signature was right. */
    public record Received(String delivery, String event, long timestamp, String body, boolean signatureValid, int status,
            long receivedNanos) {
    }

    private final HttpServer server;
    private final String secret;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private volatile int failFirst;
    private volatile boolean failAlways;
    private volatile long delayMillis;

    private WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String delivery = ex.getRequestHeaders().getFirst(WebhookSignature.DELIVERY);
            String ts = ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP);
            long timestamp = ts == null ? -1 : Long.parseLong(ts);
            boolean valid = WebhookSignature.verify(secret, timestamp, body,
                    ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE));
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis); // a slow CRM: the time a real one takes to answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int n = attempts.computeIfAbsent(String.valueOf(delivery), k -> new AtomicInteger()).incrementAndGet();
            int status = failAlways || n <= failFirst ? 500 : 204;
            received.add(new Received(delivery, ex.getRequestHeaders().getFirst(WebhookSignature.EVENT), timestamp, body, valid,
                    status, System.nanoTime()));
            if (status == 500) {
                byte[] msg = "CRM is down".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(500, msg.length);
                ex.getResponseBody().write(msg);
            } else {
                ex.sendResponseHeaders(204, -1);
            }
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8)); // a CRM answers in parallel
        server.start();
    }

    public static WebhookReceiver start(String secret) {
        try {
            return new WebhookReceiver(secret);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Answer 500 to the first n attempts of every delivery. */
    public void failFirst(int n) {
        failFirst = n;
    }

    /** Answer every request only after this long. */
    public void delay(long millis) {
        delayMillis = millis;
    }

    public void failAlways(boolean fail) {
        failAlways = fail;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** The deliveries the receiver accepted (answered 2xx), in the order they came. */
    public List<Received> accepted() {
        return received.stream().filter(r -> r.status() / 100 == 2).toList();
    }

    public List<Received> of(String delivery) {
        return received.stream().filter(r -> delivery.equals(r.delivery())).toList();
    }

    public String secret() {
        return secret;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
