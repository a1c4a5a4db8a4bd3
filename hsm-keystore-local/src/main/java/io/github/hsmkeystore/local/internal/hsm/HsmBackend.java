package io.github.hsmkeystore.local.internal.hsm;

/**
 * Where the key material of an emulated HSM lives. The material never leaves the backend: callers hold
 * only an opaque handle and ask the backend to encrypt or decrypt. Each CloudHSM cluster has one backend
 * partition (all HSMs of a cluster hold the same keys, as CloudHSM synchronises them).
 *
 * <p>Ciphers are AES-256-GCM with a 12-byte IV chosen by the caller and a 16-byte tag appended to the
 * ciphertext; {@code aad} is bound as associated data.
 */
public interface HsmBackend extends AutoCloseable {
    /** Generates a new AES-256 key inside the backend and returns its handle (a label, not the key). */
    String generateAesKey(String label);

    byte[] encrypt(String handle, byte[] iv, byte[] plaintext, byte[] aad);

    /** Decrypts; throws {@link javax.crypto.AEADBadTagException} wrapped in {@link HsmCryptoException} on a bad tag. */
    byte[] decrypt(String handle, byte[] iv, byte[] ciphertext, byte[] aad);

    /** Destroys the key; later use of the handle fails. */
    void destroyKey(String handle);

    boolean hasKey(String handle);

    /**
     * A copy of every key by handle, for a CloudHSM cluster backup (docs/kms-and-cloudhsm.md "Backups"); null when the
     * keys cannot leave this backend (PKCS #11 keys are not extractable). The copy stays inside the emulator.
     */
    default java.util.Map<String, javax.crypto.SecretKey> exportForBackup() {
        return null;
    }

    /** Loads the keys of a backup into this backend under the same handles; false when it cannot import keys. */
    default boolean importFromBackup(java.util.Map<String, javax.crypto.SecretKey> keys) {
        return false;
    }

    /** A short description for logs, e.g. {@code in-jvm} or {@code pkcs11:softhsm2 slot 0}. */
    String describe();

    @Override
    default void close() {
    }
}
