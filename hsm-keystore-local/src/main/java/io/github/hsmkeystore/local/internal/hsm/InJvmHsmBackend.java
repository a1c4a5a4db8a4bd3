package io.github.hsmkeystore.local.internal.hsm;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The default backend: AES keys held in this JVM's memory, never returned to callers. */
public final class InJvmHsmBackend implements HsmBackend {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();

    @Override
    public String generateAesKey(String label) {
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        String handle = label + "/" + UUID.randomUUID();
        keys.put(handle, new SecretKeySpec(material, "AES"));
        return handle;
    }

    @Override
    public byte[] encrypt(String handle, byte[] iv, byte[] plaintext, byte[] aad) {
        return run(Cipher.ENCRYPT_MODE, handle, iv, plaintext, aad);
    }

    @Override
    public byte[] decrypt(String handle, byte[] iv, byte[] ciphertext, byte[] aad) {
        return run(Cipher.DECRYPT_MODE, handle, iv, ciphertext, aad);
    }

    private byte[] run(int mode, String handle, byte[] iv, byte[] input, byte[] aad) {
        SecretKey key = keys.get(handle);
        if (key == null) {
            throw new HsmCryptoException("No key with handle " + handle + " in this HSM");
        }
        try {
            return io.github.hsmkeystore.local.internal.AesGcm.apply(mode, key, iv, input, aad, null);
        } catch (GeneralSecurityException e) {
            throw new HsmCryptoException("AES-GCM " + (mode == Cipher.ENCRYPT_MODE ? "encrypt" : "decrypt") + " failed", e);
        }
    }

    @Override
    public void destroyKey(String handle) {
        keys.remove(handle);
    }

    @Override
    public boolean hasKey(String handle) {
        return keys.containsKey(handle);
    }

    @Override
    public String describe() {
        return "in-jvm";
    }
}
