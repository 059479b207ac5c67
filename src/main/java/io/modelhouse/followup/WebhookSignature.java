package io.modelhouse.followup;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery: {@code sha256=} and the hex HMAC-SHA256, under the endpoint's
 * secret, of the timestamp header, a dot and the raw body. The timestamp is inside what is signed, so a
 * receiver that refuses old timestamps also refuses a replayed delivery. The JDK's Mac does the work;
 * this only fixes the format (src/site/markdown/webhooks.md shows a receiver's check).
 */
public final class WebhookSignature {

    public static final String SIGNATURE = "X-Modelhouse-Signature";
    public static final String TIMESTAMP = "X-Modelhouse-Timestamp";
    public static final String DELIVERY = "X-Modelhouse-Delivery";
    public static final String EVENT = "X-Modelhouse-Event";

    private WebhookSignature() {
    }

    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a signature header is right for this timestamp and body (in constant time). */
    public static boolean verify(String secret, long timestamp, String body, String header) {
        return header != null && MessageDigest.isEqual(sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }
}
