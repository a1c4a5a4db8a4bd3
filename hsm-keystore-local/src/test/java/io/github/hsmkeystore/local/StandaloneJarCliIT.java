package io.github.hsmkeystore.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The standalone jar's command line as a user meets it: {@code --help} and bad values, with their exit codes. */
class StandaloneJarCliIT {
    private static final Path JAR = Path.of("target", "hsm-keystore-local.jar");

    /** The exit code and the combined output of {@code java -jar hsm-keystore-local.jar args}. */
    private record Run(int exitCode, String output) {
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("the shaded jar is built in the package phase, before integration tests").exists();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the jar did not exit within 30 s; output: " + output);
        }
        return new Run(process.exitValue(), output);
    }

    @Test
    void help_printsEveryOption_andExitsZero() throws Exception {
        Run run = run("--help");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Usage: java -jar hsm-keystore-local.jar", "--port", "--max-connections",
                "--allow-host", "--allow-origin", "--hsm-round-trip-ms").doesNotContain("listening on");
    }

    @Test
    void badValue_picocliMessageNamesOptionAndValue_exitsTwo() throws Exception {
        Run run = run("--max-connections", "many");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("hsm-keystore-local: Invalid value for option '--max-connections': 'many' is not an int")
                .contains("Usage:").doesNotContain("listening on");
    }

    @Test
    void portOutOfRange_ourCheckNamesOptionValueAndRange_exitsTwo() throws Exception {
        Run run = run("--port", "70000");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("hsm-keystore-local: --port 70000: port must be 0..65535, got 70000");
    }

    @Test
    void unknownOption_namedAndExitsTwo() throws Exception {
        Run run = run("--max-conections", "8");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("Unknown options: '--max-conections', '8'").contains("did you mean --max-connections?");
    }

    private static String javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }
}
