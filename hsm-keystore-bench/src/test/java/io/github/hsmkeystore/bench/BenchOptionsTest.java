package io.github.hsmkeystore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;

class BenchOptionsTest {
    @Test
    void parse_noArguments_defaultSuiteOnEmbeddedInJvm() {
        BenchOptions o = BenchOptions.parse();

        assertThat(o.quick()).isFalse();
        assertThat(o.reportDir()).isNull();
        assertThat(o.hsmBackend()).isEqualTo("in-jvm");
        assertThat(o.target()).isEqualTo("embedded");
        assertThat(o.jmhArgs()).isEmpty();
        assertThat(o.needsSoftHsm()).isFalse();
    }

    @Test
    void parse_allOptionsAndPassThrough_separatesOursFromJmhs() {
        BenchOptions o = BenchOptions.parse("--quick", "KmsOperations", "--report", "target/r", "-f", "2",
                "--hsm-backend", "pkcs11", "-prof", "gc");

        assertThat(o.quick()).isTrue();
        assertThat(o.reportDir()).isEqualTo(Path.of("target/r"));
        assertThat(o.hsmBackend()).isEqualTo("pkcs11");
        assertThat(o.needsSoftHsm()).isTrue();
        assertThat(o.jmhArgs()).containsExactly("KmsOperations", "-f", "2", "-prof", "gc");
    }

    @Test
    void parse_targetUrl_keptAsTarget() {
        assertThat(BenchOptions.parse("--target", "http://127.0.0.1:4566").target()).isEqualTo("http://127.0.0.1:4566");
    }

    @Test
    void parse_badValues_failWithTheReason() {
        assertThatThrownBy(() -> BenchOptions.parse("--hsm-backend", "cloudhsm"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in-jvm or pkcs11");
        // picocli's wording (was "--report needs a value")
        assertThatThrownBy(() -> BenchOptions.parse("--report"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Missing required parameter for option '--report'");
        assertThatThrownBy(() -> BenchOptions.parse("--report", "--quick"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Expected parameter for option '--report' but found '--quick'");
        assertThatThrownBy(() -> BenchOptions.parse("--target", "ftp://x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> BenchOptions.parse("--yes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--yes").hasMessageContaining("--target aws only");
        assertThatThrownBy(() -> BenchOptions.parse("--target", "aws", "--hsm-backend", "pkcs11"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embedded emulator only");
        assertThatThrownBy(() -> BenchOptions.parse("--target", "http://127.0.0.1:1", "--hsm-backend", "pkcs11"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embedded emulator only");
    }

    @Test
    void build_quick_oneForkShortIterationsSampleTimeAndDefaultSuite() throws Exception {
        Options o = BenchMain.build(BenchOptions.parse("--quick", "--hsm-backend", "pkcs11"), new CommandLineOptions()).build();

        assertThat(o.getIncludes()).containsExactly(BenchMain.DEFAULT_SUITE);
        assertThat(o.getForkCount().get()).isEqualTo(1);
        assertThat(o.getWarmupIterations().get()).isEqualTo(1);
        assertThat(o.getWarmupTime().get()).isEqualTo(org.openjdk.jmh.runner.options.TimeValue.seconds(2));
        assertThat(o.getMeasurementIterations().get()).isEqualTo(2);
        assertThat(o.getBenchModes()).containsExactly(Mode.SampleTime);
        assertThat(o.getParameter("hsmBackend").get()).containsExactly("pkcs11");
        assertThat(o.getJvmArgsAppend().get()).contains("-D" + BenchEnvironment.TARGET_PROPERTY + "=embedded");
    }

    @Test
    void build_regexAndModeGiven_keepsThemAndNoBackendOverride() throws Exception {
        Options o = BenchMain.build(BenchOptions.parse("--quick"), new CommandLineOptions("KmsEncrypt", "-bm", "thrpt")).build();

        assertThat(o.getIncludes()).containsExactly("KmsEncrypt");
        assertThat(o.getBenchModes()).containsExactly(Mode.Throughput);
        assertThat(o.getParameter("hsmBackend").hasValue()).isFalse();
    }

    @Test
    void build_urlTarget_passesTargetToForksAndMarksBackendAsStarted() throws Exception {
        Options o = BenchMain.build(BenchOptions.parse("--target", "http://127.0.0.1:4566"), new CommandLineOptions()).build();

        assertThat(o.getJvmArgsAppend().get()).contains("-D" + BenchEnvironment.TARGET_PROPERTY + "=http://127.0.0.1:4566");
        assertThat(o.getParameter("hsmBackend").get()).containsExactly("as-started");
    }

    @Test
    void defaultSuite_matchesIssue6BenchmarksOnly() {
        var p = java.util.regex.Pattern.compile(BenchMain.DEFAULT_SUITE);
        List<String> names = List.of("io.github.hsmkeystore.bench.KmsOperationsBenchmark.encrypt",
                "io.github.hsmkeystore.bench.TypedTableBenchmark.get", "io.github.hsmkeystore.bench.LibraryOverheadBenchmark.rawGet",
                "io.github.hsmkeystore.bench.KmsEncryptBenchmark.encrypt", "io.github.hsmkeystore.bench.DynamoDbEmulatorVsMotoBenchmark.put");

        assertThat(names.stream().filter(n -> p.matcher(n).find()))
                .containsExactly(names.get(0), names.get(1), names.get(2));
    }

    @Test
    void parse_targetAwsWithYes_keptAndConsentPassedToForks() throws Exception {
        BenchOptions options = BenchOptions.parse("--target", "aws", "--yes");
        Options o = BenchMain.build(options, new CommandLineOptions()).build();

        assertThat(options.target()).isEqualTo("aws");
        assertThat(options.yes()).isTrue();
        assertThat(o.getJvmArgsAppend().get()).contains("-D" + BenchEnvironment.TARGET_PROPERTY + "=aws",
                "-D" + BenchAws.CONSENT_PROPERTY + "=true");
        assertThat(o.getParameter("hsmBackend").get()).containsExactly("as-started");
    }

    @Test
    void parse_targetAwsWithoutYes_noConsentProperty() throws Exception {
        Options o = BenchMain.build(BenchOptions.parse("--target", "aws"), new CommandLineOptions()).build();

        assertThat(o.getJvmArgsAppend().get()).noneMatch(a -> a.contains(BenchAws.CONSENT_PROPERTY));
    }

    @Test
    void parse_hsmRoundTripAndJitter_passedToForksAndShownInRunLine() throws Exception {
        BenchOptions options = BenchOptions.parse("--hsm-round-trip-ms", "2", "--hsm-jitter-ms", "0.5");
        Options o = BenchMain.build(options, new CommandLineOptions()).build();

        assertThat(options.hsmRoundTrip()).isEqualTo(java.time.Duration.ofMillis(2));
        assertThat(options.hsmJitter()).isEqualTo(java.time.Duration.ofNanos(500_000));
        assertThat(options.hsmNetworkModel()).isEqualTo("2 ms +/- 0.5 ms (a model, not AWS)");
        assertThat(o.getJvmArgsAppend().get()).contains("-D" + BenchEnvironment.HSM_ROUND_TRIP_PROPERTY + "=2000000",
                "-D" + BenchEnvironment.HSM_JITTER_PROPERTY + "=500000");
    }

    @Test
    void parse_noHsmRoundTrip_modelOffAndNoProperty() throws Exception {
        BenchOptions options = BenchOptions.parse();
        Options o = BenchMain.build(options, new CommandLineOptions()).build();

        assertThat(options.hsmNetworkModel()).isEqualTo("off");
        assertThat(o.getJvmArgsAppend().get()).noneMatch(a -> a.contains(BenchEnvironment.HSM_ROUND_TRIP_PROPERTY));
    }

    @Test
    void parse_badHsmModel_failsWithTheEmulatorsReason() {
        assertThatThrownBy(() -> BenchOptions.parse("--hsm-round-trip-ms", "1", "--hsm-jitter-ms", "3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter 3 ms is larger than roundTrip 1 ms");
        assertThatThrownBy(() -> BenchOptions.parse("--hsm-round-trip-ms", "-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> BenchOptions.parse("--hsm-round-trip-ms", "60000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over the maximum of 10000 ms");
        assertThatThrownBy(() -> BenchOptions.parse("--hsm-jitter-ms", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs --hsm-round-trip-ms");
        assertThatThrownBy(() -> BenchOptions.parse("--target", "http://127.0.0.1:4566", "--hsm-round-trip-ms", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embedded emulator only");
        assertThatThrownBy(() -> BenchOptions.parse("--target", "aws", "--hsm-round-trip-ms", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AWS has a real network");
    }

    @Test
    void parse_help_setsHelpWhateverElseIsGiven() {
        assertThat(BenchOptions.parse("--help").help()).isTrue();
        assertThat(BenchOptions.parse("--quick", "-h", "KmsOperations").help()).isTrue();
        assertThat(BenchOptions.parse("--quick").help()).isFalse();
    }

    @Test
    void parse_unknownOptionsAndJmhValues_passedThroughInOrder() {
        assertThat(BenchOptions.parse("-jvmArgs", "-Xmx1g", "--quick", "@notAFile", "-p", "keyStore=STANDARD", "--", "x").jmhArgs())
                .containsExactly("-jvmArgs", "-Xmx1g", "@notAFile", "-p", "keyStore=STANDARD", "--", "x");
    }

    @Test
    void parse_repeatedOption_lastOneWins() {
        assertThat(BenchOptions.parse("--report", "a", "--report", "b", "--quick", "--quick").reportDir()).isEqualTo(Path.of("b"));
    }
}
