package io.github.hsmkeystore.local.internal.hsm;

import io.github.hsmkeystore.local.Pkcs11Token;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * One logged-in SunPKCS11 provider per token and JVM, shared by every {@link Pkcs11HsmBackend} on that token.
 * A PKCS#11 library is initialised once per process and a login holds for all of the application's sessions,
 * so one provider per token is both enough and the only safe choice (a logout would end every backend's login).
 * Key-store changes (label, destroy) are serialised here; cipher operations are not.
 */
final class Pkcs11Session {
    private static final Map<String, Pkcs11Session> SESSIONS = new ConcurrentHashMap<>();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Pkcs11Token token;
    private final Provider provider;
    private final KeyStore keyStore;

    private Pkcs11Session(Pkcs11Token token, Provider provider, KeyStore keyStore) {
        this.token = token;
        this.provider = provider;
        this.keyStore = keyStore;
    }

    /** The session of the token, opening and logging in on first use. */
    static Pkcs11Session of(Pkcs11Token token) {
        String key = token.library() + "#" + token.slotListIndex();
        Pkcs11Session session = SESSIONS.computeIfAbsent(key, k -> open(token));
        char[] pin = token.userPin();
        char[] known = session.token.userPin();
        try {
            if (!Arrays.equals(pin, known)) {
                throw new IllegalStateException("Cannot use " + token.describe() + " with another PIN: this JVM is already"
                        + " logged in to it with a different one (a PKCS#11 login holds for the whole process)");
            }
        } finally {
            Arrays.fill(pin, '\0');
            Arrays.fill(known, '\0');
        }
        return session;
    }

    private static Pkcs11Session open(Pkcs11Token token) {
        KeyStore keyStore = openKeyStore(token, config(token));
        return new Pkcs11Session(token, keyStore.getProvider(), keyStore);
    }

    /**
     * The token's objects through a SunPKCS11 provider of its own, logged in as the token's user: for looking at what
     * is on the token beside the emulator's session (tests inspect tokens with it).
     */
    static KeyStore inspect(Pkcs11Token token, String providerName) {
        return openKeyStore(token, "--name=" + providerName + "\n"
                + "library = " + token.library() + "\n"
                + "slotListIndex = " + token.slotListIndex() + "\n");
    }

    /** A new SunPKCS11 provider with {@code config}, and the token's KeyStore in it, logged in as the user. */
    private static KeyStore openKeyStore(Pkcs11Token token, String config) {
        if (!Files.isRegularFile(token.library())) {
            throw new IllegalArgumentException("Cannot open " + token.describe() + ": no PKCS#11 library at "
                    + token.library() + " (SoftHSM2 on Debian: /usr/lib/softhsm/libsofthsm2.so)");
        }
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new IllegalStateException("Cannot open " + token.describe() + ": this JDK has no SunPKCS11 provider"
                    + " (module jdk.crypto.cryptoki)");
        }
        Provider provider;
        try {
            provider = base.configure(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot open " + token.describe() + ": the PKCS#11 library did not initialise"
                    + " the slot (is slot list index " + token.slotListIndex() + " an initialised token? For SoftHSM2,"
                    + " is SOFTHSM2_CONF set before the JVM starts?)", e);
        }
        char[] pin = token.userPin();
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, pin);
            return keyStore;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot log in to " + token.describe() + " as its user (the token answered "
                    + rootCause(e) + "): check the user PIN", e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /** The innermost message, e.g. {@code CKR_PIN_INCORRECT}: PKCS#11 return codes, never the PIN. */
    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Keys are generated on the token, sensitive and not extractable, as token objects. */
    private static String config(Pkcs11Token token) {
        return "--name=hsmkeystore" + NAMES.incrementAndGet() + "\n"
                + "library = " + token.library() + "\n"
                + "slotListIndex = " + token.slotListIndex() + "\n"
                + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
                + "  CKA_SENSITIVE = true\n"
                + "  CKA_EXTRACTABLE = false\n"
                + "  CKA_TOKEN = true\n"
                + "}\n";
    }

    Provider provider() {
        return provider;
    }

    /**
     * Generates an AES-256 key on the token and labels it {@code label}, or {@code label#2}, {@code label#3}, ...
     * when a key with that label is already on the token.
     *
     * @return the label given and the key (a handle to the token object, without material)
     */
    synchronized Labelled generate(String label) throws GeneralSecurityException {
        String unique = label;
        for (int n = 2; keyStore.containsAlias(unique); n++) {
            unique = label + "#" + n;
        }
        KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
        generator.init(256);
        SecretKey generated = generator.generateKey();
        keyStore.setEntry(unique, new KeyStore.SecretKeyEntry(generated), null);
        Key stored = keyStore.getKey(unique, null);
        if (!(stored instanceof SecretKey secret)) {
            throw new GeneralSecurityException("The key labelled " + unique + " is not on " + token.describe() + " after storing it");
        }
        return new Labelled(unique, secret);
    }

    /** Destroys the token object labelled {@code label}, if any. */
    synchronized void destroy(String label) throws GeneralSecurityException {
        if (keyStore.containsAlias(label)) {
            keyStore.deleteEntry(label);
        }
    }

    String describe() {
        return token.describe();
    }

    record Labelled(String label, SecretKey key) {
    }
}
