package io.github.hsmkeystore.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of {@link BenchMain}; everything it does not know is passed to JMH (a benchmark regex, {@code -f},
 * {@code -wi}, {@code -prof} ...).
 *
 * @param quick one fork and short iterations (a few minutes on 2 cores)
 * @param reportDir where to write the JMH JSON, report.md and chart.png; null for none
 * @param hsmBackend the embedded emulator's HSM backend: {@code in-jvm} or {@code pkcs11}
 * @param target {@code embedded}, or the URL of a running emulator
 * @param help print the usage and exit
 * @param jmhArgs the arguments passed through to JMH
 */
record BenchOptions(boolean quick, Path reportDir, String hsmBackend, String target, boolean help, List<String> jmhArgs) {
    static final String USAGE = """
            Usage: java -jar benchmarks.jar [--quick] [--report DIR] [--hsm-backend in-jvm|pkcs11]
                                            [--target embedded|URL] [JMH options and benchmark regexps]
              (no regexp)      the default suite: KmsOperations, TypedTable, LibraryOverhead, STANDARD vs CUSTOM_KEY_STORE
              --quick          one fork, 1 warm-up iteration of 2 s + 2 of 0.75 s, SampleTime only (ops/s from
                               the sampled mean); under 3 minutes on 2 cores
              --report DIR     write DIR/jmh-result.json, DIR/report.md and DIR/chart.png
              --hsm-backend    where the emulator keeps CloudHSM key material: in-jvm (default) or pkcs11
                               (a fresh SoftHSM2 token per JVM; needs the softhsm2 package)
              --target         embedded (default): an emulator in each benchmark JVM; URL: an emulator already
                               running there (its HSM backend is the one it was started with);
                               aws: real AWS is not implemented in the benchmarks yet
              e.g. java -jar benchmarks.jar --quick --report target/bench KmsOperations
            """;

    BenchOptions {
        jmhArgs = List.copyOf(jmhArgs);
    }

    /** Parses the command line; throws IllegalArgumentException with a message for the user on a bad option. */
    static BenchOptions parse(String... args) {
        boolean quick = false;
        boolean help = false;
        Path report = null;
        String backend = BenchEnvironment.IN_JVM;
        String target = "embedded";
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> quick = true;
                case "--help", "-h" -> help = true;
                case "--report" -> report = Path.of(value(args, ++i, a));
                case "--hsm-backend" -> {
                    backend = value(args, ++i, a);
                    if (!backend.equals(BenchEnvironment.IN_JVM) && !backend.equals(BenchEnvironment.PKCS11)) {
                        throw new IllegalArgumentException("--hsm-backend must be in-jvm or pkcs11, got " + backend);
                    }
                }
                case "--target" -> target = target(value(args, ++i, a));
                default -> rest.add(a);
            }
        }
        if (!target.equals("embedded") && backend.equals(BenchEnvironment.PKCS11)) {
            throw new IllegalArgumentException("--hsm-backend pkcs11 applies to the embedded emulator only; a running emulator"
                    + " keeps the backend it was started with");
        }
        return new BenchOptions(quick, report, backend, target, help, rest);
    }

    private static String target(String value) {
        if (value.equals("embedded")) {
            return value;
        }
        if (value.equals("aws")) {
            throw new IllegalArgumentException("--target aws is not implemented yet: the benchmarks run on the embedded"
                    + " emulator or on a running emulator (--target http://127.0.0.1:PORT)");
        }
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--target must be embedded or a URL, got " + value);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("--target must be embedded or an http(s) URL, got " + value);
        }
        return value;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    /** Whether the benchmark JVMs need {@code SOFTHSM2_CONF} in their environment. */
    boolean needsSoftHsm() {
        return hsmBackend.equals(BenchEnvironment.PKCS11);
    }
}
