package io.modelhouse.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps a generated password unreadable at rest (AES-256-GCM under the app's key): a pooled
 * account's between the pool build and the assignment that hands it out once, and an invitation's
 * in the mail outbox until the mail is delivered.
 */
@ApplicationScoped
public class SealedSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    ModelhouseConfig config;

    public String seal(String plain) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, iv));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(iv) + ":" + Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal", e);
        }
    }

    public String unseal(String sealed) {
        try {
            String[] parts = sealed.split(":", 2);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, Base64.getDecoder().decode(parts[0])));
            return new String(c.doFinal(Base64.getDecoder().decode(parts[1])), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("cannot unseal a pooled password (was modelhouse.secret-key changed?)", e);
        }
    }

    private SecretKeySpec key() throws GeneralSecurityException {
        return new SecretKeySpec(
                MessageDigest.getInstance("SHA-256").digest(config.secretKey().getBytes(StandardCharsets.UTF_8)), "AES");
    }
}
