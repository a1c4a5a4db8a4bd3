package io.github.hsmkeystore.local.internal.cloudhsm;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The key pairs of the emulated cluster-side crypto (docs/emulator.md, "Cluster certificates"): the cluster's CSR key
 * is RSA-2048 (an RSA-2048 key pair costs 100-500 ms of CPU in a fresh JVM), so one spare pair is made on a background
 * thread when the emulator starts, each new cluster takes the spare and a new spare is started at once: the first HSM
 * becomes ACTIVE with its CSR without waiting for a key pair to be made; the emulator's stand-in hardware
 * roots and HSM hardware keys are ECDSA P-256 (a few milliseconds), which no AWS behaviour depends on.
 */
final class KeyPairs {
    private static final ExecutorService BACKGROUND = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hsm-keystore-local-keygen");
        t.setDaemon(true);
        return t;
    });

    /** The next RSA-2048 pair, made or being made on the background thread; shared by the emulators of this JVM. */
    private static CompletableFuture<KeyPair> spare;

    private KeyPairs() {
    }

    /** Starts making the spare RSA-2048 key pair on the background thread, if none is ready or being made. */
    static synchronized void prepareSpare() {
        if (spare == null) {
            spare = CompletableFuture.supplyAsync(KeyPairs::rsa2048, BACKGROUND);
        }
    }

    /** Takes the spare RSA-2048 key pair (ready or still being made) and starts making the next spare. */
    static synchronized CompletableFuture<KeyPair> rsa2048InBackground() {
        CompletableFuture<KeyPair> taken = spare != null ? spare : CompletableFuture.supplyAsync(KeyPairs::rsa2048, BACKGROUND);
        spare = CompletableFuture.supplyAsync(KeyPairs::rsa2048, BACKGROUND);
        return taken;
    }

    /** The key pair of {@code pending}, waiting for it if needed; a fresh one when {@code pending} is null. */
    static KeyPair join(CompletableFuture<KeyPair> pending) {
        if (pending == null) {
            return rsa2048();
        }
        try {
            return pending.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    static KeyPair rsa2048() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ecP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signature algorithm for certificates signed with {@code pair}'s private key. */
    static String signatureAlgorithm(KeyPair pair) {
        return "EC".equals(pair.getPrivate().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    }
}
