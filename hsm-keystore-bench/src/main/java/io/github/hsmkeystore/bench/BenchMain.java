package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.testing.SoftHsm2Token;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code java -jar hsm-keystore-bench/target/benchmarks.jar [options]}: runs the "what does the HSM cost?" suite
 * (or the benchmarks named by a regexp) on the embedded emulator; see {@link BenchOptions#USAGE}.
 *
 * <p>With {@code --hsm-backend pkcs11}, SoftHSM2 must find {@code SOFTHSM2_CONF} in the environment of every benchmark
 * JVM before it starts. When it is not set, this main re-executes itself with it set to a file in a temporary directory
 * (deleted at the end); JMH's forks inherit it.
 */
public final class BenchMain {
    /** The default suite: standard KMS key against the CloudHSM-backed key. */
    static final String DEFAULT_SUITE = "\\.(KmsOperations|TypedTable|LibraryOverhead)Benchmark\\.";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        if (options.needsSoftHsm()) {
            if (SoftHsm2Token.library().isEmpty()) {
                System.err.println("--hsm-backend pkcs11 needs SoftHSM2: no libsofthsm2.so in " + SoftHsm2Token.LIBRARIES
                        + " (apt-get install softhsm2)");
                System.exit(2);
            }
            String conf = System.getenv(SoftHsm2Token.CONF_ENV);
            if (conf == null || conf.isBlank()) {
                System.exit(reexecWithSoftHsmConf(args));
                return;
            }
        }
        System.exit(run(options));
    }

    /** Runs this main again in a child JVM whose environment has SOFTHSM2_CONF; returns its exit code. */
    private static int reexecWithSoftHsmConf(String[] args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("hsm-keystore-bench-softhsm-");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchMain.class.getName());
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().put(SoftHsm2Token.CONF_ENV, dir.resolve("softhsm2.conf").toString());
        System.out.println("# SOFTHSM2_CONF was not set: running the benchmarks with SOFTHSM2_CONF=" + dir.resolve("softhsm2.conf"));
        Process child = pb.start();
        Thread forward = new Thread(child::destroy, "bench-child-stop");
        Runtime.getRuntime().addShutdownHook(forward);
        try {
            return child.waitFor();
        } finally {
            Runtime.getRuntime().removeShutdownHook(forward);
            BenchSoftHsm.deleteTree(dir);
        }
    }

    static int run(BenchOptions options) throws RunnerException, IOException {
        return run(options, System.getenv(), BenchAws::credentialsFound);
    }

    /** {@link #run(BenchOptions)} with the environment and the AWS credentials check given (tests: no AWS call). */
    static int run(BenchOptions options, java.util.Map<String, String> env, java.util.function.BooleanSupplier credentials)
            throws RunnerException, IOException {
        CommandLineOptions jmh;
        try {
            jmh = new CommandLineOptions(options.jmhArgs().toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            System.err.println("JMH: " + e.getMessage() + "\n" + BenchOptions.USAGE);
            return 2;
        }
        if (jmh.shouldHelp() || jmh.shouldList() || jmh.shouldListWithParams() || jmh.shouldListProfilers()
                || jmh.shouldListResultFormats()) {
            return runJmhMain(options.jmhArgs());
        }
        if (options.target().equals(BenchOptions.AWS)) {
            List<String> problems = BenchAws.problems(customSide(jmh), options.yes(), env, credentials);
            if (!problems.isEmpty()) {
                System.err.println("--target aws cannot start (nothing was created):\n  - " + String.join("\n  - ", problems)
                        + "\n" + BenchOptions.USAGE);
                return 2;
            }
            System.out.println("# --target aws: real AWS in " + env.get(BenchAws.REGION_ENV) + "; each trial provisions"
                    + " its keys and tables and tears them down at its end" + (options.yes() && customSide(jmh)
                    && env.get(BenchAws.CLUSTER_ENV) == null ? "; a new CloudHSM cluster with 2 HSMs (billed per HSM-hour)" : ""));
        }
        ChainedOptionsBuilder builder = build(options, jmh);
        Path json = null;
        if (options.reportDir() != null) {
            Files.createDirectories(options.reportDir());
            json = options.reportDir().resolve("jmh-result.json");
            builder.resultFormat(ResultFormatType.JSON).result(json.toString());
        }
        for (String property : systemProperties(options)) {
            String[] kv = property.substring(2).split("=", 2);
            System.setProperty(kv[0], kv[1]);
        }
        String loadBefore = load();
        long start = System.nanoTime();
        try {
            new Runner(builder.build()).run();
        } catch (NoBenchmarksException e) {
            System.err.println("No benchmark matches " + jmh.getIncludes() + " (regexps on the full name, e.g."
                    + " 'KmsOperationsBenchmark.encrypt'); list them with -l");
            return 2;
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        String loadAfter = load();
        System.out.printf(Locale.ROOT, "# hsm-keystore-bench: %d s; load average before: %s; after: %s%n", seconds, loadBefore, loadAfter);
        if (json != null) {
            String notes = String.format(Locale.ROOT, "Run: `%s`, %d s on %d cores; load average (1/5/15 min) before: %s, after: %s;"
                            + " HSM backend: %s; target: %s; modelled network hop to the HSM: %s; %s.",
                    String.join(" ", commandLine(options)), seconds, Runtime.getRuntime().availableProcessors(), loadBefore,
                    loadAfter, options.hsmBackend(), options.target(), options.hsmNetworkModel(),
                    System.getProperty("java.vm.name") + " "
                            + System.getProperty("java.version"));
            BenchReport.write(json, options.reportDir(), notes);
            System.out.println("# report: " + options.reportDir().resolve("report.md") + ", " + options.reportDir().resolve("chart.png"));
        }
        return 0;
    }

    /** The JMH options: the pass-through ones, the default suite, --quick, the HSM backend and the target. */
    static ChainedOptionsBuilder build(BenchOptions options, CommandLineOptions jmh) {
        ChainedOptionsBuilder builder = new OptionsBuilder().parent(jmh);
        if (jmh.getIncludes().isEmpty()) {
            builder.include(DEFAULT_SUITE);
        }
        if (options.quick()) {
            builder.forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(2).measurementTime(TimeValue.milliseconds(750));
            if (jmh.getBenchModes().isEmpty()) {
                // one trial per operation and side instead of two: throughput is derived from the sampled mean
                builder.mode(Mode.SampleTime);
            }
        }
        if (!options.target().equals("embedded")) {
            // a running emulator keeps the backend it was started with; say so in the results
            builder.param("hsmBackend", BenchEnvironment.AS_STARTED);
        } else if (!options.hsmBackend().equals(BenchEnvironment.IN_JVM)) {
            builder.param("hsmBackend", options.hsmBackend());
        }
        List<String> jvmArgs = new ArrayList<>(systemProperties(options));
        jvmArgs.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        builder.jvmArgsAppend(jvmArgs.toArray(String[]::new));
        return builder;
    }

    /** The settings the benchmark JVMs read, as {@code -Dname=value}: target, modelled hop, AWS billing consent. */
    static List<String> systemProperties(BenchOptions options) {
        List<String> properties = new ArrayList<>();
        properties.add("-D" + BenchEnvironment.TARGET_PROPERTY + "=" + options.target());
        if (options.hsmRoundTrip() != null) {
            properties.add("-D" + BenchEnvironment.HSM_ROUND_TRIP_PROPERTY + "=" + options.hsmRoundTrip().toNanos());
            properties.add("-D" + BenchEnvironment.HSM_JITTER_PROPERTY + "=" + options.hsmJitter().toNanos());
        }
        if (options.yes()) {
            properties.add("-D" + BenchAws.CONSENT_PROPERTY + "=true");
        }
        return properties;
    }

    /** Whether the run includes the CUSTOM_KEY_STORE side: unless {@code -p keyStore=STANDARD} leaves it out. */
    static boolean customSide(CommandLineOptions jmh) {
        org.openjdk.jmh.util.Optional<java.util.Collection<String>> keyStores = jmh.getParameter("keyStore");
        return !keyStores.hasValue() || keyStores.get().contains(BenchEnvironment.Side.CUSTOM_KEY_STORE.name());
    }

    private static List<String> commandLine(BenchOptions options) {
        List<String> line = new ArrayList<>(List.of("java", "-jar", "benchmarks.jar"));
        if (options.quick()) {
            line.add("--quick");
        }
        line.addAll(List.of("--hsm-backend", options.hsmBackend()));
        if (!options.target().equals("embedded")) {
            line.addAll(List.of("--target", options.target()));
        }
        if (options.hsmRoundTrip() != null) {
            line.addAll(List.of("--hsm-round-trip-ms", BenchOptions.ms(options.hsmRoundTrip()), "--hsm-jitter-ms",
                    BenchOptions.ms(options.hsmJitter())));
        }
        if (options.yes()) {
            line.add("--yes");
        }
        line.addAll(options.jmhArgs());
        return line;
    }

    private static int runJmhMain(List<String> args) throws RunnerException, IOException {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }

    /** The load average from /proc/loadavg, or "n/a". */
    static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
