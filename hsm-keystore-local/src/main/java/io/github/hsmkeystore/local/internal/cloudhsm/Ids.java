package io.github.hsmkeystore.local.internal.cloudhsm;

import java.security.SecureRandom;

/** Resource ids in the shapes of the CloudHSMv2 model ({@code cluster-[2-7a-zA-Z]{11,16}}, {@code eni-[0-9a-f]{8,17}}). */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String HEX = "0123456789abcdef";

    private Ids() {
    }

    static String base32(int length) {
        return random(BASE32, length);
    }

    static String hex(int length) {
        return random(HEX, length);
    }

    private static String random(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
