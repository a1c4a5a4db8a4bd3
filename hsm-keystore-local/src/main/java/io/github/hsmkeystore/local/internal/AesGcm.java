package io.github.hsmkeystore.local.internal;

import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** AES-GCM with a 12-byte IV and a 128-bit tag, the one cipher every part of the emulator uses. */
public final class AesGcm {
    public static final int IV_BYTES = 12;

    private AesGcm() {
    }

    /**
     * Encrypts ({@link Cipher#ENCRYPT_MODE}) or decrypts. A new Cipher per call: Ciphers are not thread-safe.
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
        Cipher cipher = provider == null ? Cipher.getInstance("AES/GCM/NoPadding") : Cipher.getInstance("AES/GCM/NoPadding", provider);
        cipher.init(mode, key, new GCMParameterSpec(128, iv));
        if (aad != null && aad.length > 0) {
            cipher.updateAAD(aad);
        }
        return cipher.doFinal(input);
    }
}
