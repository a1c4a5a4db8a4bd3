package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * The options of {@link BenchMain}; everything it does not know is passed to JMH (a benchmark regex, {@code -f},
 * {@code -wi}, {@code -prof} ...).
 *
 * @param quick one fork and short iterations (a few minutes on 2 cores)
 * @param reportDir where to write the JMH JSON, report.md and chart.png; null for none
 * @param hsmBackend the embedded emulator's HSM backend: {@code in-jvm} or {@code pkcs11}
 * @param target {@code embedded}, {@code aws}, or the URL of a running emulator
 * @param help print the usage and exit
 * @param jmhArgs the arguments passed through to JMH
 * @param hsmRoundTrip the embedded emulator's modelled network hop to the HSM; null when off
 * @param hsmJitter the jitter of that hop (zero when off)
 * @param yes consent to create billable CloudHSM resources on {@code --target aws}
 */
record BenchOptions(boolean quick, Path reportDir, String hsmBackend, String target, boolean help, List<String> jmhArgs,
                    Duration hsmRoundTrip, Duration hsmJitter, boolean yes) {
    static final String AWS = "aws";
    static final String USAGE = """
            Usage: java -jar benchmarks.jar [--quick] [--report DIR] [--hsm-backend in-jvm|pkcs11]
                                            [--target embedded|URL|aws [--yes]]
                                            [--hsm-round-trip-ms MS [--hsm-jitter-ms MS]]
                                            [JMH options and benchmark regexps]
              (no regexp)      the default suite: KmsOperations, TypedTable, LibraryOverhead, STANDARD vs CUSTOM_KEY_STORE
              --quick          one fork, 1 warm-up iteration of 2 s + 2 of 0.75 s, SampleTime only (ops/s from
                               the sampled mean); under 3 minutes on 2 cores
              --report DIR     write DIR/jmh-result.json, DIR/report.md and DIR/chart.png
              --hsm-backend    where the emulator keeps CloudHSM key material: in-jvm (default) or pkcs11
                               (a fresh SoftHSM2 token per JVM; needs the softhsm2 package)
              --target         embedded (default): an emulator in each benchmark JVM; URL: an emulator already
                               running there (its HSM backend is the one it was started with);
                               aws: real AWS, billed (see below)
              --hsm-round-trip-ms, --hsm-jitter-ms
                               embedded only: a MODEL of the KMS -> CloudHSM network hop, off by default: each
                               HSM call waits MS +/- jitter (0..10000 ms, jitter <= round trip); made-up numbers
                               for what-if runs, not a measurement of AWS
              --target aws     the default credentials, Region from AWS_REGION; each trial provisions with the
                               library, creates its tables and tears them down (keys: 7-day deletion window).
                               The CUSTOM_KEY_STORE side needs an ACTIVE cluster with kmsuser:
                                 %s=cluster-... %s=PASSWORD
                                 %s=DIR (its customerCA.crt) [%s=NAME]
                               or, to create the whole chain (HSMs billed per hour), --yes and
                                 %s=subnet-a,subnet-b %s=PASSWORD
                                 (cloudhsm-cli configured on this host activates the cluster)
                               Only the STANDARD side: -p keyStore=STANDARD (no cluster needed)
              e.g. java -jar benchmarks.jar --quick --report target/bench KmsOperations
                   java -jar benchmarks.jar ProvisionBenchmark   (README code, default settings: < 2 s, table < 0.5 s)
            """.formatted(BenchAws.CLUSTER_ENV, BenchAws.KMSUSER_PASSWORD_ENV, BenchAws.TRUST_ANCHOR_ENV, BenchAws.STORE_NAME_ENV,
            BenchAws.SUBNETS_ENV, BenchAws.ADMIN_PASSWORD_ENV);

    BenchOptions {
        jmhArgs = List.copyOf(jmhArgs);
    }

    /** Parses the command line; throws IllegalArgumentException with a message for the user on a bad option. */
    static BenchOptions parse(String... args) {
        Cli cli = new Cli();
        CommandLine commandLine = new CommandLine(cli);
        commandLine.setOverwrittenOptionsAllowed(true); // the last value wins, as before picocli
        commandLine.setExpandAtFiles(false); // arguments starting with @ go to JMH unchanged
        commandLine.setUnmatchedOptionsArePositionalParams(true);
        // "--" is JMH's (its end of options), passed through like before picocli: picocli gets a delimiter never typed
        commandLine.setEndOfOptionsDelimiter("\0--");
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + USAGE, e);
        }
        return cli.toOptions();
    }

    /** Our options as picocli fills them; everything else (JMH options, regexps) lands in {@link #rest}, in order. */
    @Command(name = "benchmarks.jar")
    private static final class Cli {
        @Option(names = "--quick")
        boolean quick;
        @Option(names = {"--help", "-h"})
        boolean help;
        @Option(names = "--yes")
        boolean yes;
        @Option(names = "--report", paramLabel = "DIR")
        Path report;
        @Option(names = "--hsm-backend", paramLabel = "in-jvm|pkcs11")
        String backend = BenchEnvironment.IN_JVM;
        @Option(names = "--target", paramLabel = "embedded|URL|aws")
        String target = "embedded";
        @Option(names = "--hsm-round-trip-ms", paramLabel = "MS")
        String roundTripMs;
        @Option(names = "--hsm-jitter-ms", paramLabel = "MS")
        String jitterMs;
        @Unmatched
        List<String> rest = new ArrayList<>();

        BenchOptions toOptions() {
            if (!backend.equals(BenchEnvironment.IN_JVM) && !backend.equals(BenchEnvironment.PKCS11)) {
                throw new IllegalArgumentException("--hsm-backend must be in-jvm or pkcs11, got " + backend);
            }
            String checkedTarget = target(target);
            if (!checkedTarget.equals("embedded") && backend.equals(BenchEnvironment.PKCS11)) {
                throw new IllegalArgumentException("--hsm-backend pkcs11 applies to the embedded emulator only; a running emulator"
                        + " keeps the backend it was started with");
            }
            if (yes && !checkedTarget.equals(AWS)) {
                throw new IllegalArgumentException("--yes (consent to billable CloudHSM resources) applies to --target aws only");
            }
            Duration roundTrip = null;
            Duration jitter = Duration.ZERO;
            if (roundTripMs != null) {
                if (!checkedTarget.equals("embedded")) {
                    throw new IllegalArgumentException("--hsm-round-trip-ms models the hop in the embedded emulator only; a running"
                            + " emulator takes it at its own start (java -jar hsm-keystore-local.jar --hsm-round-trip-ms MS),"
                            + " and AWS has a real network");
                }
                roundTrip = millis("--hsm-round-trip-ms", roundTripMs);
                jitter = jitterMs == null ? Duration.ZERO : millis("--hsm-jitter-ms", jitterMs);
                // the emulator's own check: negative, over 10 s, jitter larger than the round trip
                LocalHsmKeyStore.builder().hsmNetworkModel(roundTrip, jitter);
            } else if (jitterMs != null) {
                throw new IllegalArgumentException("--hsm-jitter-ms needs --hsm-round-trip-ms (the mean delay the jitter varies around)");
            }
            return new BenchOptions(quick, report, backend, checkedTarget, help, rest, roundTrip, jitter, yes);
        }
    }

    /** Milliseconds, possibly with a fraction, to the nanosecond. */
    private static Duration millis(String option, String value) {
        try {
            return Duration.ofNanos(new java.math.BigDecimal(value).movePointRight(6)
                    .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option + " takes milliseconds, e.g. 2 or 0.5; got " + value);
        }
    }

    /** The modelled hop for the report's run line: {@code off} or {@code 2 ms +/- 0.5 ms (a model, not AWS)}. */
    String hsmNetworkModel() {
        if (hsmRoundTrip == null) {
            return "off";
        }
        return ms(hsmRoundTrip) + " ms +/- " + ms(hsmJitter) + " ms (a model, not AWS)";
    }

    /** Milliseconds without trailing zeros, e.g. {@code 0.5}. */
    static String ms(Duration d) {
        return java.math.BigDecimal.valueOf(d.toNanos(), 6).stripTrailingZeros().toPlainString();
    }

    private static String target(String value) {
        if (value.equals("embedded")) {
            return value;
        }
        if (value.equals(AWS)) {
            return value;
        }
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--target must be embedded, aws or a URL, got " + value);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("--target must be embedded, aws or an http(s) URL, got " + value);
        }
        return value;
    }

    /** Whether the benchmark JVMs need {@code SOFTHSM2_CONF} in their environment. */
    boolean needsSoftHsm() {
        return hsmBackend.equals(BenchEnvironment.PKCS11);
    }
}
