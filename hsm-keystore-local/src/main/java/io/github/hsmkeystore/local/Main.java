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

    public static void main(String[] args) throws InterruptedException {
        LocalHsmKeyStore.Builder builder = LocalHsmKeyStore.builder();
        String pkcs11Library = null;
        int pkcs11Slot = 0;
        String pkcs11PinEnv = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> builder.port(Integer.parseInt(value(args, ++i, "--port")));
                    case "--region" -> builder.region(value(args, ++i, "--region"));
                    case "--account-id" -> builder.accountId(value(args, ++i, "--account-id"));
                    case "--transition-delay-ms" ->
                            builder.transitionDelay(Duration.ofMillis(Long.parseLong(value(args, ++i, "--transition-delay-ms"))));
                    case "--pkcs11-library" -> pkcs11Library = value(args, ++i, "--pkcs11-library");
                    case "--pkcs11-slot" -> pkcs11Slot = Integer.parseInt(value(args, ++i, "--pkcs11-slot"));
                    case "--pkcs11-pin-env" -> pkcs11PinEnv = value(args, ++i, "--pkcs11-pin-env");
                    case "--help", "-h" -> {
                        System.out.println(usage());
                        return;
                    }
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]);
                }
            }
            if (pkcs11Library != null) {
                builder.pkcs11(pkcs11Token(pkcs11Library, pkcs11Slot, pkcs11PinEnv));
            } else if (pkcs11PinEnv != null) {
                throw new IllegalArgumentException("--pkcs11-pin-env needs --pkcs11-library");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("hsm-keystore-local: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
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
                + "       [--account-id 000000000000] [--transition-delay-ms 200]\n"
                + "       [--pkcs11-library PATH --pkcs11-slot N (slot list index, default 0) --pkcs11-pin-env VARNAME]";
    }
}
