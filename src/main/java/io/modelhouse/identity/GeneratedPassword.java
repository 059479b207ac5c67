package io.modelhouse.identity;

import java.security.SecureRandom;

/**
 * Initial passwords for trial accounts: 16 characters from an alphabet without look-alikes
 * (no 0/O, 1/l/I), so a prospect can type one read from a mail. About 94 bits of entropy.
 */
public final class GeneratedPassword {

    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedPassword() {
    }

    public static String next() {
        char[] out = new char[16];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
