package io.github.hsmkeystore.local.internal;

import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** AES-GCM with a 12-byte IV and a 128-bit tag, the one cipher every part of the emulator uses. */
public final class AesGcm {
    public static final int IV_BYTES = 12;

    /** One JDK cipher per thread: getInstance costs more than a small seal, and Ciphers are not thread-safe. */
    private static final ThreadLocal<Cipher> JDK_CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no AES/GCM/NoPadding cipher", e);
        }
    });

    private AesGcm() {
    }

    /**
     * Encrypts ({@link Cipher#ENCRYPT_MODE}) or decrypts, with a per-thread JDK cipher (re-initialised on every call)
     * or a new cipher of {@code provider}.
     *
     * @param provider the provider to run in (a PKCS#11 token), or null for the JDK default
     * @param aad associated data, or null
     * @throws javax.crypto.AEADBadTagException when decryption finds the data or the associated data altered
     */
    public static byte[] apply(int mode, SecretKey key, byte[] iv, byte[] input, byte[] aad, Provider provider)
            throws GeneralSecurityException {
        if (iv == null || iv.length != IV_BYTES) {
            throw new java.security.InvalidAlgorithmParameterException("AES-GCM needs a 12-byte IV, got "
                    + (iv == null ? "none" : iv.length + " bytes"));
        }
        Cipher cipher = provider == null ? JDK_CIPHER.get() : Cipher.getInstance("AES/GCM/NoPadding", provider);
        GCMParameterSpec spec = new GCMParameterSpec(128, iv);
        try {
            cipher.init(mode, key, spec);
        } catch (java.security.InvalidAlgorithmParameterException sameKeyAndIvAsLastTime) {
            if (provider != null) {
                throw sameKeyAndIvAsLastTime;
            }
            // the JDK refuses to re-init one Cipher for encryption with the key and IV it last used; a caller that
            // chose to repeat them (the HSM backends take the IV from their caller) gets a fresh Cipher, as before
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, spec);
        }
        if (aad != null && aad.length > 0) {
            cipher.updateAAD(aad);
        }
        return cipher.doFinal(input);
    }
}
