package io.github.hsmkeystore.local.internal.hsm;

import java.security.Provider;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

/** The default backend: AES keys held in this JVM's memory, never returned to callers. */
public final class InJvmHsmBackend extends KeyHandleHsmBackend {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String generateAesKey(String label) {
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        String handle = label + "/" + UUID.randomUUID();
        keys.put(handle, new SecretKeySpec(material, "AES"));
        return handle;
    }

    @Override
    Provider cipherProvider() {
        return null;
    }

    @Override
    public void destroyKey(String handle) {
        keys.remove(handle);
    }

    @Override
    public java.util.Map<String, javax.crypto.SecretKey> exportForBackup() {
        return java.util.Map.copyOf(keys);
    }

    @Override
    public boolean importFromBackup(java.util.Map<String, javax.crypto.SecretKey> backup) {
        keys.putAll(backup);
        return true;
    }

    @Override
    public String describe() {
        return "in-jvm";
    }
}
