package io.github.hsmkeystore.local;

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
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> builder.port(Integer.parseInt(value(args, ++i, "--port")));
                    case "--region" -> builder.region(value(args, ++i, "--region"));
                    case "--account-id" -> builder.accountId(value(args, ++i, "--account-id"));
                    case "--transition-delay-ms" ->
                            builder.transitionDelay(Duration.ofMillis(Long.parseLong(value(args, ++i, "--transition-delay-ms"))));
                    case "--help", "-h" -> {
                        System.out.println(usage());
                        return;
                    }
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("hsm-keystore-local: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        LocalHsmKeyStore local = builder.start();
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

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String usage() {
        return "usage: java -jar hsm-keystore-local.jar [--port N (default: a free port)] [--region us-east-1]\n"
                + "       [--account-id 000000000000] [--transition-delay-ms 200]";
    }
}
