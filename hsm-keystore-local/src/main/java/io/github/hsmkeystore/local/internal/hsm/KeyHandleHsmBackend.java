package io.github.hsmkeystore.local.internal.hsm;

import io.github.hsmkeystore.local.internal.AesGcm;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;

/**
 * What the in-JVM and PKCS#11 backends share: the keys they hold by handle, and AES-GCM with them in
 * {@link #cipherProvider()}. Key material, if the provider can see it at all, never leaves the backend.
 */
abstract class KeyHandleHsmBackend implements HsmBackend {
    /** Handle to key: the key itself in the JVM, or a reference to a token object on PKCS#11. */
    final Map<String, SecretKey> keys = new ConcurrentHashMap<>();

    /** The provider AES-GCM runs in, or null for the JDK's. */
    abstract Provider cipherProvider();

    @Override
    public byte[] encrypt(String handle, byte[] iv, byte[] plaintext, byte[] aad) {
        return run(Cipher.ENCRYPT_MODE, handle, iv, plaintext, aad);
    }

    @Override
    public byte[] decrypt(String handle, byte[] iv, byte[] ciphertext, byte[] aad) {
        return run(Cipher.DECRYPT_MODE, handle, iv, ciphertext, aad);
    }

    @Override
    public boolean hasKey(String handle) {
        return keys.containsKey(handle);
    }

    private byte[] run(int mode, String handle, byte[] iv, byte[] input, byte[] aad) {
        SecretKey key = keys.get(handle);
        if (key == null) {
            throw new HsmCryptoException("No key with handle " + handle + " in this HSM");
        }
        try {
            return AesGcm.apply(mode, key, iv, input, aad, cipherProvider());
        } catch (GeneralSecurityException e) {
            throw new HsmCryptoException("AES-GCM " + (mode == Cipher.ENCRYPT_MODE ? "encrypt" : "decrypt") + " with "
                    + handle + " on " + describe() + " failed: " + e.getMessage(), e);
        }
    }
}
