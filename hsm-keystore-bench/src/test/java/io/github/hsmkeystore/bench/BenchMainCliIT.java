package io.github.hsmkeystore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bench jar's command line as a user meets it: {@code --help} and bad values, with their exit codes; no benchmark runs. */
class BenchMainCliIT {
    private static final Path JAR = Path.of("target", "benchmarks.jar");

    /** The exit code and the combined output of {@code java -jar benchmarks.jar args}. */
    private record Run(int exitCode, String output) {
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("the bench jar is built in the package phase, before integration tests").exists();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("benchmarks.jar did not exit within 60 s; output: " + output);
        }
        return new Run(process.exitValue(), output);
    }

    @Test
    void help_printsOurOptions_andExitsZero() throws Exception {
        Run run = run("--help");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Usage: java -jar benchmarks.jar", "--quick", "--report DIR", "--hsm-backend",
                "--target", "--hsm-round-trip-ms");
    }

    @Test
    void badValue_namesOptionValueAndChoices_exitsTwo() throws Exception {
        Run run = run("--hsm-backend", "cloudhsm");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("--hsm-backend must be in-jvm or pkcs11, got cloudhsm");
    }

    @Test
    void missingValue_picocliMessageAndUsage_exitsTwo() throws Exception {
        Run run = run("--quick", "--report");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("Missing required parameter for option '--report' (DIR)", "Usage: java -jar benchmarks.jar");
    }

    private static String javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }
}
