package io.modelhouse.portal;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import io.modelhouse.template.TemplateBundle;

/**
 * The other end of an integration's "test connection", inside the app: a model house has no real
 * GPS platform, tax bureau or bank to call, and a trial must never reach the outside network. It
 * answers as such a system would: it refuses an endpoint that is not an https address or an empty
 * account, and a connection delivered broken (the template's {@code broken}) until its setting
 * was changed; otherwise it accepts. The wait stands in for the network round trip (20–90 ms,
 * longer for the slower kinds of system), so the latency shown is the one measured around it.
 */
@ApplicationScoped
public class SimulatedEndpoint {

    /** What the simulated system said: an HTTP-like code, and why when it refused. */
    public record Answer(boolean ok, int code, String fault) {
    }

    public Answer exchange(TemplateBundle.Integration declared, Map<String, String> settings) {
        int base = switch (declared.type()) {
            case "gov-platform", "einvoice", "erp" -> 60;
            case "payment", "wms", "tms", "mes" -> 40;
            default -> 20;
        };
        try {
            Thread.sleep(base + ThreadLocalRandom.current().nextInt(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String endpoint = settings.getOrDefault("endpoint", "");
        if (settings.containsKey("endpoint") && !https(endpoint)) {
            return new Answer(false, 0, "endpoint");
        }
        if (settings.containsKey("account") && settings.get("account").isBlank()) {
            return new Answer(false, 401, "account");
        }
        TemplateBundle.Broken broken = declared.broken();
        if (broken != null) {
            Object delivered = declared.settings().get(broken.setting());
            String now = settings.getOrDefault(broken.setting(), "");
            if (now.isBlank() || (delivered != null && String.valueOf(delivered).equals(now))) {
                return new Answer(false, 495, "broken");
            }
        }
        return new Answer(true, 200, null);
    }

    private static boolean https(String address) {
        try {
            URI u = URI.create(address.strip());
            return "https".equals(u.getScheme()) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
