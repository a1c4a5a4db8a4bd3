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
 * is RSA-2048, made on a background thread from CreateCluster on so that it is ready when the first HSM becomes
 * ACTIVE. An RSA-2048 key pair costs 300-500 ms of CPU in a fresh JVM (interpreted BigInteger arithmetic, then its C2
 * compilation) and 50-100 ms once warm, so a JVM also makes one spare pair ahead of need, which the first
 * CreateCluster takes; later clusters make their own. The spare is started by the first sign that CloudHSM work is
 * coming: the first {@code LocalHsmKeyStore.cloudHsmClient()} or the first CloudHSMv2 request of the JVM. Not at
 * start: there it competed with the emulator's first answer, and most emulators never create a cluster. The
 * emulator's stand-in hardware roots and HSM hardware keys are ECDSA P-256 (a few milliseconds), which no AWS behaviour depends on.
 */
final class KeyPairs {
    private static final ExecutorService BACKGROUND = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hsm-keystore-local-keygen");
        t.setDaemon(true);
        return t;
    });

    /** The spare RSA-2048 pair, made or being made on the background thread, until a cluster takes it. */
    private static CompletableFuture<KeyPair> spare;
    /** Whether this JVM has started its one spare (see the class comment); read without the lock on every request. */
    private static volatile boolean sparePrepared;

    private KeyPairs() {
    }

    /** Starts making the spare RSA-2048 key pair on the background thread, once per JVM. */
    static void prepareSpare() {
        if (sparePrepared) {
            return;
        }
        synchronized (KeyPairs.class) {
            if (!sparePrepared) {
                sparePrepared = true;
                spare = CompletableFuture.supplyAsync(KeyPairs::rsa2048, BACKGROUND);
            }
        }
    }

    /** Takes the spare RSA-2048 key pair (ready or still being made) if there is one, else starts making one. */
    static synchronized CompletableFuture<KeyPair> rsa2048InBackground() {
        CompletableFuture<KeyPair> taken = spare != null ? spare : CompletableFuture.supplyAsync(KeyPairs::rsa2048, BACKGROUND);
        spare = null;
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
