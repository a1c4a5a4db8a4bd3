package io.github.hsmkeystore.local.internal.hsm;

import io.github.hsmkeystore.local.Pkcs11Token;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend whose keys live on a PKCS#11 token (SoftHSM2 or any PKCS#11 library) through the JDK's SunPKCS11
 * provider. Keys are generated on the token as sensitive, non-extractable token objects labelled with the
 * handle; AES-GCM runs in the token. Several backends (one per cluster) may share a token: labels stay unique.
 * {@link #close()} destroys the keys this backend generated, since the emulator's state that refers to them
 * ends with it.
 */
public final class Pkcs11HsmBackend implements HsmBackend {
    private static final Logger log = LoggerFactory.getLogger(Pkcs11HsmBackend.class);
    private static final int IV_BYTES = 12;

    private final Pkcs11Session session;
    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();

    /**
     * Opens (once per JVM and token) a SunPKCS11 provider on the token and logs in as its user.
     *
     * @throws IllegalArgumentException when the library does not exist
     * @throws IllegalStateException    when the slot cannot be opened or the PIN is wrong
     */
    public Pkcs11HsmBackend(Pkcs11Token token) {
        this.session = Pkcs11Session.of(Objects.requireNonNull(token, "token must not be null"));
    }

    /** Opens and logs in to the token without creating a backend, so configuration errors show at start. */
    public static void check(Pkcs11Token token) {
        Pkcs11Session.of(Objects.requireNonNull(token, "token must not be null"));
    }

    @Override
    public String generateAesKey(String label) {
        Objects.requireNonNull(label, "label must not be null");
        try {
            Pkcs11Session.Labelled key = session.generate(label);
            keys.put(key.label(), key.key());
            return key.label();
        } catch (GeneralSecurityException e) {
            throw new HsmCryptoException("Cannot generate an AES-256 key labelled " + label + " on " + describe(), e);
        }
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
        if (iv == null || iv.length != IV_BYTES) {
            throw new HsmCryptoException("AES-GCM needs a 12-byte IV, got " + (iv == null ? "none" : iv.length + " bytes"));
        }
        try {
            return io.github.hsmkeystore.local.internal.AesGcm.apply(mode, key, iv, input, aad, session.provider());
        } catch (GeneralSecurityException e) {
            throw new HsmCryptoException("AES-GCM " + (mode == Cipher.ENCRYPT_MODE ? "encrypt" : "decrypt")
                    + " with " + handle + " on " + describe() + " failed", e);
        }
    }

    @Override
    public void destroyKey(String handle) {
        if (keys.remove(handle) == null) {
            return;
        }
        try {
            session.destroy(handle);
        } catch (GeneralSecurityException e) {
            throw new HsmCryptoException("Cannot destroy the key labelled " + handle + " on " + describe(), e);
        }
    }

    @Override
    public boolean hasKey(String handle) {
        return keys.containsKey(handle);
    }

    @Override
    public String describe() {
        return session.describe();
    }

    /** The SunPKCS11 provider this backend's keys and ciphers belong to (for tests). */
    public java.security.Provider provider() {
        return session.provider();
    }

    /** The token key behind a handle (a reference to the token object; it carries no key material). */
    SecretKey key(String handle) {
        return keys.get(handle);
    }

    @Override
    public void close() {
        for (String handle : keys.keySet()) {
            try {
                destroyKey(handle);
            } catch (HsmCryptoException e) {
                log.warn("Could not destroy the key labelled {} on {} at close", handle, describe(), e);
            }
        }
    }
}
