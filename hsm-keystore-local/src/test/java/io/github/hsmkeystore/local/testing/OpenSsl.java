package io.github.hsmkeystore.local.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the {@code openssl} command line as an independent client of the emulator's cryptography. Tests call
 * {@link #assumeAvailable()} first: without openssl on the PATH they are skipped, visibly.
 */
public final class OpenSsl {
    private OpenSsl() {
    }

    /** The result of one openssl run. */
    public record Result(int exitCode, String output) {
    }

    /** Skips the calling test (JUnit assumption) when no openssl is on the PATH. */
    public static void assumeAvailable() {
        boolean available;
        try {
            available = run(List.of("version")).exitCode() == 0;
        } catch (RuntimeException e) {
            available = false;
        }
        Assumptions.assumeTrue(available, "openssl is not on the PATH: skipping the OpenSSL cross-check");
    }

    /** Runs {@code openssl <args>}, bounded to 60 seconds, and returns its exit code and merged output. */
    public static Result run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl did not finish in 60 s: " + command);
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run openssl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code text} to {@code dir/name} and returns its path as a string. */
    public static String write(Path dir, String name, String text) {
        return write(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code dir/name} and returns its path as a string. */
    public static String write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes).toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
