package io.modelhouse.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The anti-forgery token of our forms ({@code {#csrf /}} puts it in a hidden field): an HMAC under
 * the app's key of the caller's login session ({@code sid} of the OIDC token), so it is bound to
 * that session and cannot be made or planted by another site. {@link FormTokenFilter} checks it on
 * every state-changing page request.
 *
 * Hand-written instead of quarkus-rest-csrf: that extension is not served at the platform version
 * here (3.34.1), and its filter checks every endpoint, refusing bearer-token API calls that send an
 * empty form body (curl -d '', REST clients' defaults) although no cookie authenticates them.
 */
@RequestScoped
@Named("csrf")
public class FormToken {

    public static final String FIELD = "csrf-token";

    @Inject
    SecurityIdentity identity;
    @Inject
    ModelhouseConfig config;

    public String getParameterName() {
        return FIELD;
    }

    /** The token for the caller's session; empty for an anonymous caller (who has nothing to protect). */
    public String getToken() {
        String session = session();
        return session == null ? "" : sign(session);
    }

    public boolean matches(String sent) {
        String session = session();
        return session != null && sent != null && !sent.isEmpty()
                && MessageDigest.isEqual(sign(session).getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    private String session() {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object sid = jwt.getClaim("sid");
            Object authTime = jwt.getClaim("auth_time");
            return jwt.getSubject() + "|" + (sid != null ? sid : authTime);
        }
        return identity.getPrincipal().getName();
    }

    private String sign(String session) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.secretKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(("form-token|" + session).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
