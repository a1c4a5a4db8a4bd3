package io.github.hsmkeystore.local.internal.hsm;

import io.github.hsmkeystore.local.Pkcs11Token;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend whose keys live on a PKCS#11 token (SoftHSM2 or any PKCS#11 library) through the JDK's SunPKCS11
 * provider. Keys are generated on the token as sensitive, non-extractable token objects labelled with the
 * handle; AES-GCM runs in the token. Several backends (one per cluster) may share a token: labels stay unique.
 * {@link #close()} destroys the keys this backend generated, since the emulator's state that refers to them
 * ends with it.
 */
public final class Pkcs11HsmBackend extends KeyHandleHsmBackend {
    private static final Logger log = LoggerFactory.getLogger(Pkcs11HsmBackend.class);

    private final Pkcs11Session session;

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

    /** The token's objects through a provider of its own, beside this JVM's session (tests check where keys live with it). */
    public static java.security.KeyStore inspect(Pkcs11Token token, String providerName) {
        return Pkcs11Session.inspect(Objects.requireNonNull(token, "token must not be null"), providerName);
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
    Provider cipherProvider() {
        return session.provider();
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
    public String describe() {
        return session.describe();
    }

    /** The SunPKCS11 provider this backend's keys and ciphers belong to (for tests). */
    public Provider provider() {
        return session.provider();
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
