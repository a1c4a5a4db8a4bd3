package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.local.Pkcs11Token;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A fresh SoftHSM2 token for the PKCS#11 HSM backend of a benchmark JVM (the logic of hsm-keystore-local's test
 * utility {@code SoftHsmToken}, which is not on this classpath).
 *
 * <p>SoftHSM2 reads the file named by the environment variable {@value #CONF_ENV} once, at {@code C_Initialize}, and
 * a JVM cannot change its own environment, so the variable must be set before the JVM starts. {@link BenchMain} sets it
 * (re-executing itself with a temporary directory when it is missing) and JMH forks inherit it. The first JVM that needs
 * a token writes the file (with a token directory beside it); every JVM then initialises its own token in that
 * directory, so forks never share keys.
 */
final class BenchSoftHsm {
    static final String CONF_ENV = "SOFTHSM2_CONF";
    /** Where Debian, Ubuntu and Fedora install the library. */
    static final List<Path> LIBRARIES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"), Path.of("/usr/lib64/softhsm/libsofthsm2.so"),
            Path.of("/usr/local/lib/softhsm/libsofthsm2.so"), Path.of("/opt/homebrew/lib/softhsm/libsofthsm2.so"));
    static final String MARKER = "# written by hsm-keystore-bench (BenchSoftHsm)";
    private static Pkcs11Token token;

    private BenchSoftHsm() {
    }

    /** The installed libsofthsm2.so, if any. */
    static Optional<Path> library() {
        return LIBRARIES.stream().filter(Files::isRegularFile).findFirst();
    }

    /** This JVM's token, created on first use. */
    static synchronized Pkcs11Token token() {
        if (token == null) {
            token = create();
        }
        return token;
    }

    private static Pkcs11Token create() {
        Path library = library().orElseThrow(() -> new IllegalStateException(
                "--hsm-backend pkcs11 needs SoftHSM2: no libsofthsm2.so in " + LIBRARIES + " (apt-get install softhsm2)"));
        String confEnv = System.getenv(CONF_ENV);
        if (confEnv == null || confEnv.isBlank()) {
            throw new IllegalStateException(CONF_ENV + " is not set in this JVM's environment; SoftHSM2 reads it once at"
                    + " C_Initialize and Java cannot set it at run time: run the benchmarks with java -jar benchmarks.jar"
                    + " (BenchMain sets it) or export it");
        }
        writeConfIfAbsent(Path.of(confEnv).toAbsolutePath());
        SecureRandom random = new SecureRandom();
        String label = "bench-" + HexFormat.of().formatHex(random.generateSeed(4));
        String soPin = HexFormat.of().formatHex(random.generateSeed(6));
        String userPin = HexFormat.of().formatHex(random.generateSeed(6));
        run(List.of("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", soPin, "--pin", userPin));
        int index = slotListIndex(run(List.of("softhsm2-util", "--show-slots")), label);
        return Pkcs11Token.of(library, index, userPin.toCharArray());
    }

    /** Writes the configuration (token directory {@code tokens/} beside it) unless a file this class wrote is there. */
    static void writeConfIfAbsent(Path conf) {
        try {
            if (Files.exists(conf)) {
                if (!Files.readString(conf).startsWith(MARKER)) {
                    throw new IllegalStateException(CONF_ENV + " points at " + conf
                            + ", which hsm-keystore-bench did not write and will not add tokens to; unset it or point it at a new file");
                }
                return;
            }
            Path tokenDir = conf.toAbsolutePath().getParent().resolve("tokens");
            Files.createDirectories(tokenDir);
            Path tmp = Files.createTempFile(conf.toAbsolutePath().getParent(), "softhsm2", ".conf");
            Files.writeString(tmp, MARKER + "\ndirectories.tokendir = " + tokenDir + "\nobjectstore.backend = file\n"
                    + "log.level = ERROR\nslots.removable = false\n");
            Files.move(tmp, conf, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the SoftHSM2 configuration " + conf, e);
        }
    }

    /** The position of the slot holding the token with {@code label} in {@code --show-slots} (slot list order). */
    static int slotListIndex(String showSlots, String label) {
        int index = -1;
        for (String line : showSlots.split("\n")) {
            if (line.startsWith("Slot ")) {
                index++;
            } else if (line.trim().startsWith("Label:") && line.trim().substring("Label:".length()).trim().equals(label)) {
                return index;
            }
        }
        throw new IllegalStateException("softhsm2-util --show-slots lists no token labelled " + label + ":\n" + showSlots);
    }

    private static String run(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command.get(0) + " (" + e.getMessage() + "); apt-get install softhsm2", e);
        }
        try (var out = process.getInputStream()) {
            String output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                // the command line holds PINs: name only the sub-command
                throw new IllegalStateException("softhsm2-util " + command.get(1) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running softhsm2-util", e);
        }
    }

    /** Deletes a directory tree, best effort (used at exit for the temporary SoftHSM2 directory). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e.getMessage());
        }
    }
}
