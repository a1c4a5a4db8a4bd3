package io.github.hsmkeystore.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the emulator standalone: {@code java -jar hsm-keystore-local.jar --port 4566}. Prints a line with the
 * endpoint once it accepts requests and stops cleanly on SIGTERM or Ctrl-C.
 *
 * <p>The options are parsed with picocli, an optional dependency shaded into the standalone jar only: no other class
 * of the emulator refers to this one, so embedding the emulator ({@link LocalHsmKeyStore#builder()}) loads no picocli
 * class.
 */
public final class Main {
    private static final String NAME = "hsm-keystore-local";

    private Main() {
    }

    /**
     * Starts the emulator and waits until the JVM is asked to stop.
     *
     * @param args the command-line options, e.g. {@code --port 4566}; {@code --help} prints them
     * @throws InterruptedException when interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        LocalHsmKeyStore.Builder builder;
        try {
            builder = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.err.print(usage());
            System.exit(2);
            return;
        }
        if (builder == null) {
            System.out.print(usage());
            return;
        }
        LocalHsmKeyStore local;
        try {
            local = builder.start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // e.g. a wrong PKCS#11 library, slot or PIN; the message never holds the PIN
            System.err.println(NAME + ": " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
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
     * @throws IllegalArgumentException on an unknown option or a bad value, with a message for the user that names the
     *     option and the value
     */
    static LocalHsmKeyStore.Builder parse(String[] args) {
        Options o = new Options();
        CommandLine cli = commandLine(o);
        try {
            cli.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            List<String> suggestions = e.getSuggestions();
            throw new IllegalArgumentException(e.getMessage()
                    + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?"), e);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (cli.isUsageHelpRequested()) {
            return null;
        }
        return o.toBuilder();
    }

    /** The usage text {@code --help} prints. */
    static String usage() {
        return commandLine(new Options()).getUsageMessage();
    }

    private static CommandLine commandLine(Options options) {
        CommandLine cli = new CommandLine(options);
        cli.setOverwrittenOptionsAllowed(true); // the last --port wins, as before picocli
        cli.setExpandAtFiles(false); // an argument starting with @ is a value, not a file to read
        cli.setUsageHelpWidth(110);
        return cli;
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

    /** Applies one option to the builder; the builder's own check is reported with the option and its value. */
    private static void apply(String option, Object value, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + value + ": " + e.getMessage(), e);
        }
    }

    /** The options, as picocli fills them; null means not given (the builder's default). */
    @Command(name = "java -jar hsm-keystore-local.jar", sortOptions = false,
            description = "Runs the emulator of KMS, CloudHSMv2 and DynamoDB on one loopback HTTP endpoint.",
            footer = {"", "--hsm-round-trip-ms and --hsm-jitter-ms are made-up numbers for what-if runs, not a measurement of AWS."})
    static final class Options {
        @Option(names = "--port", paramLabel = "N", description = "the port to listen on, 0..65535 (default: a free port)")
        Integer port;
        @Option(names = "--region", paramLabel = "REGION", description = "the Region in ARNs (default: us-east-1)")
        String region;
        @Option(names = "--account-id", paramLabel = "ID", description = "the account in ARNs (default: 000000000000)")
        String accountId;
        @Option(names = "--transition-delay-ms", paramLabel = "MS",
                description = "how long clusters, HSMs and key stores stay in transitional states (default: 50)")
        Long transitionDelayMs;
        @Option(names = "--ttl-deletion-delay-s", paramLabel = "S",
                description = "how long an expired item stays before TTL deletes it (default: 172800, 48 hours)")
        Long ttlDeletionDelayS;
        @Option(names = "--max-connections", paramLabel = "N", description = "open connections at most (default: 256)")
        Integer maxConnections;
        @Option(names = "--allow-host", paramLabel = "NAME",
                description = "also answer requests whose Host header is NAME (repeatable; default: loopback names only)")
        List<String> allowHosts = new ArrayList<>();
        @Option(names = "--allow-origin", paramLabel = "URL",
                description = "also answer browser requests from this origin, e.g. http://localhost:3000 (repeatable; default: none)")
        List<String> allowOrigins = new ArrayList<>();
        @Option(names = "--pkcs11-library", paramLabel = "PATH",
                description = "keep CloudHSM key material in this PKCS#11 token (needs --pkcs11-pin-env)")
        String pkcs11Library;
        @Option(names = "--pkcs11-slot", paramLabel = "N", description = "the token's slot list index (default: 0)")
        int pkcs11Slot;
        @Option(names = "--pkcs11-pin-env", paramLabel = "VARNAME", description = "the environment variable holding the user PIN")
        String pkcs11PinEnv;
        @Option(names = "--hsm-round-trip-ms", paramLabel = "MS",
                description = "a MODEL of the KMS -> CloudHSM network hop, off by default: each HSM call (crypto with a"
                        + " custom-key-store key, its key generation) waits MS (0..10000, fractions ok)")
        String roundTripMs;
        @Option(names = "--hsm-jitter-ms", paramLabel = "MS",
                description = "the delay varies uniformly by up to +/- MS (at most the round trip; default 0)")
        String jitterMs;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
        boolean help;

        LocalHsmKeyStore.Builder toBuilder() {
            LocalHsmKeyStore.Builder builder = LocalHsmKeyStore.builder();
            if (port != null) {
                apply("--port", port, () -> builder.port(port));
            }
            if (region != null) {
                apply("--region", region, () -> builder.region(region));
            }
            if (accountId != null) {
                apply("--account-id", accountId, () -> builder.accountId(accountId));
            }
            if (transitionDelayMs != null) {
                apply("--transition-delay-ms", transitionDelayMs, () -> builder.transitionDelay(Duration.ofMillis(transitionDelayMs)));
            }
            if (ttlDeletionDelayS != null) {
                apply("--ttl-deletion-delay-s", ttlDeletionDelayS, () -> builder.ttlDeletionDelay(Duration.ofSeconds(ttlDeletionDelayS)));
            }
            if (maxConnections != null) {
                apply("--max-connections", maxConnections, () -> builder.maxConnections(maxConnections));
            }
            allowHosts.forEach(h -> apply("--allow-host", h, () -> builder.allowedHosts(h)));
            allowOrigins.forEach(o -> apply("--allow-origin", o, () -> builder.allowedOrigins(o)));
            if (pkcs11Library != null) {
                builder.pkcs11(pkcs11Token(pkcs11Library, pkcs11Slot, pkcs11PinEnv));
            } else if (pkcs11PinEnv != null) {
                throw new IllegalArgumentException("--pkcs11-pin-env needs --pkcs11-library");
            }
            if (roundTripMs != null) {
                Duration roundTrip = millis("--hsm-round-trip-ms", roundTripMs);
                Duration jitter = jitterMs == null ? Duration.ZERO : millis("--hsm-jitter-ms", jitterMs);
                apply("--hsm-round-trip-ms", roundTripMs + (jitterMs == null ? "" : " --hsm-jitter-ms " + jitterMs),
                        () -> builder.hsmNetworkModel(roundTrip, jitter));
            } else if (jitterMs != null) {
                throw new IllegalArgumentException("--hsm-jitter-ms needs --hsm-round-trip-ms (the mean delay the jitter varies around)");
            }
            return builder;
        }
    }
}
