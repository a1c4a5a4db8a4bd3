package io.github.hsmkeystore.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone: {@code java -jar hsm-keystore-local.jar --port 4566}. Prints a line with the
 * endpoint once it accepts requests and stops cleanly on SIGTERM or Ctrl-C.
 */
public final class Main {
    private Main() {
    }

    /**
     * Starts the emulator and waits until the JVM is asked to stop.
     *
     * @param args the command-line options, e.g. {@code --port 4566}
     * @throws InterruptedException when interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        LocalHsmKeyStore.Builder builder;
        try {
            builder = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("hsm-keystore-local: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (builder == null) {
            System.out.println(usage());
            return;
        }
        LocalHsmKeyStore local;
        try {
            local = builder.start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // e.g. a wrong PKCS#11 library, slot or PIN; the message never holds the PIN
            System.err.println("hsm-keystore-local: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            local.close();
            System.out.println("hsm-keystore-local stopped");
            stopped.countDown();
        }, "hsm-keystore-local-shutdown"));
        System.out.println("hsm-keystore-local listening on " + local.endpoint()
                + " (region " + local.region() + ", account " + local.accountId() + "); Ctrl-C stops it");
        System.out.flush();
        stopped.await();
    }

    /**
     * The emulator's settings from the command line, or null for {@code --help}.
     *
     * @throws IllegalArgumentException on an unknown option or a bad value, with a message for the user
     */
    static LocalHsmKeyStore.Builder parse(String[] args) {
        LocalHsmKeyStore.Builder builder = LocalHsmKeyStore.builder();
        String pkcs11Library = null;
        int pkcs11Slot = 0;
        String pkcs11PinEnv = null;
        String roundTripMs = null;
        String jitterMs = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> builder.port(Integer.parseInt(value(args, ++i, "--port")));
                case "--region" -> builder.region(value(args, ++i, "--region"));
                case "--account-id" -> builder.accountId(value(args, ++i, "--account-id"));
                case "--transition-delay-ms" ->
                        builder.transitionDelay(Duration.ofMillis(Long.parseLong(value(args, ++i, "--transition-delay-ms"))));
                case "--ttl-deletion-delay-s" ->
                        builder.ttlDeletionDelay(Duration.ofSeconds(Long.parseLong(value(args, ++i, "--ttl-deletion-delay-s"))));
                case "--max-connections" -> builder.maxConnections(Integer.parseInt(value(args, ++i, "--max-connections")));
                case "--allow-host" -> builder.allowedHosts(value(args, ++i, "--allow-host"));
                case "--allow-origin" -> builder.allowedOrigins(value(args, ++i, "--allow-origin"));
                case "--pkcs11-library" -> pkcs11Library = value(args, ++i, "--pkcs11-library");
                case "--pkcs11-slot" -> pkcs11Slot = Integer.parseInt(value(args, ++i, "--pkcs11-slot"));
                case "--pkcs11-pin-env" -> pkcs11PinEnv = value(args, ++i, "--pkcs11-pin-env");
                case "--hsm-round-trip-ms" -> roundTripMs = value(args, ++i, "--hsm-round-trip-ms");
                case "--hsm-jitter-ms" -> jitterMs = value(args, ++i, "--hsm-jitter-ms");
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        if (pkcs11Library != null) {
            builder.pkcs11(pkcs11Token(pkcs11Library, pkcs11Slot, pkcs11PinEnv));
        } else if (pkcs11PinEnv != null) {
            throw new IllegalArgumentException("--pkcs11-pin-env needs --pkcs11-library");
        }
        if (roundTripMs != null) {
            builder.hsmNetworkModel(millis("--hsm-round-trip-ms", roundTripMs),
                    jitterMs == null ? Duration.ZERO : millis("--hsm-jitter-ms", jitterMs));
        } else if (jitterMs != null) {
            throw new IllegalArgumentException("--hsm-jitter-ms needs --hsm-round-trip-ms (the mean delay the jitter varies around)");
        }
        return builder;
    }

    /** Milliseconds, possibly with a fraction ({@code 0.5}). */
    static Duration millis(String option, String value) {
        double ms;
        try {
            ms = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            ms = Double.NaN;
        }
        if (!Double.isFinite(ms) || Math.abs(ms) > 1e9) {
            throw new IllegalArgumentException(option + " takes milliseconds, e.g. 2 or 0.5; got " + value);
        }
        return Duration.ofNanos(Math.round(ms * 1_000_000));
    }

    /** The PIN comes from an environment variable, never from the command line (other users can read argv). */
    static Pkcs11Token pkcs11Token(String library, int slot, String pinEnv) {
        if (pinEnv == null) {
            throw new IllegalArgumentException("--pkcs11-library needs --pkcs11-pin-env VARNAME (the variable holding the user PIN)");
        }
        String pin = System.getenv(pinEnv);
        if (pin == null || pin.isEmpty()) {
            throw new IllegalArgumentException("--pkcs11-pin-env " + pinEnv + ": the environment variable is not set or empty");
        }
        return Pkcs11Token.of(Path.of(library), slot, pin.toCharArray());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String usage() {
        return "usage: java -jar hsm-keystore-local.jar [--port N (default: a free port)] [--region us-east-1]\n"
                + "       [--account-id 000000000000] [--transition-delay-ms 200] [--ttl-deletion-delay-s 172800]\n"
                + "       [--max-connections 256] [--allow-host NAME]... [--allow-origin http://host:port]...\n"
                + "       [--pkcs11-library PATH --pkcs11-slot N (slot list index, default 0) --pkcs11-pin-env VARNAME]\n"
                + "       [--hsm-round-trip-ms MS [--hsm-jitter-ms MS]]\n"
                + "  --allow-host         also answer requests whose Host header is NAME (default: loopback names only)\n"
                + "  --allow-origin       also answer browser requests from this origin (default: none)\n"
                + "  --hsm-round-trip-ms  a MODEL of the KMS -> CloudHSM network hop, off by default: each HSM call (crypto\n"
                + "                       with a custom-key-store key, its key generation) waits MS (0..10000, fractions ok)\n"
                + "  --hsm-jitter-ms      the delay varies uniformly by up to +/- MS (at most the round trip; default 0);\n"
                + "                       made-up numbers for what-if runs, not a measurement of AWS";
    }
}
