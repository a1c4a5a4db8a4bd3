package io.github.hsmkeystore.local.testing;

import io.github.hsmkeystore.local.Pkcs11Token;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh SoftHSM2 token for tests, in a temporary token directory that is deleted when the JVM exits.
 *
 * <p>SoftHSM2 reads its configuration file, named by the environment variable {@code SOFTHSM2_CONF}, once, when
 * the library is initialised ({@code C_Initialize}); SunPKCS11 initialises a library once per JVM and the JDK cannot
 * change its own process environment. So the variable must be set before the JVM starts (the module's pom sets it
 * for surefire and failsafe to {@code target/softhsm2/softhsm2.conf}), this class writes that file before the
 * library is first used, and every token must exist before then: there is one token per test JVM, shared by the
 * tests in it, which keep their key labels unique.
 *
 * <p>Tests call {@link #assumeAvailable()}, which skips them with the reason when SoftHSM2 is not installed.
 */
public final class SoftHsmToken {
    /** Where Debian and Ubuntu install the library. */
    public static final List<Path> LIBRARIES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"), Path.of("/usr/lib64/softhsm/libsofthsm2.so"),
            Path.of("/usr/local/lib/softhsm/libsofthsm2.so"));
    private static final String MARKER = "# written by SoftHsmToken (hsm-keystore-local tests)";
    private static SoftHsmToken instance;
    private static String absentReason;

    private final Pkcs11Token token;
    private final String label;
    private final Path tokenDir;

    private SoftHsmToken(Pkcs11Token token, String label, Path tokenDir) {
        this.token = token;
        this.label = label;
        this.tokenDir = tokenDir;
    }

    /** This JVM's token; skips the calling test with a visible reason when SoftHSM2 cannot be used here. */
    public static synchronized SoftHsmToken assumeAvailable() {
        if (instance == null && absentReason == null) {
            try {
                instance = create();
            } catch (Absent e) {
                absentReason = e.getMessage();
            }
        }
        Assumptions.assumeTrue(instance != null, () -> "SoftHSM2 test skipped: " + absentReason);
        return instance;
    }

    /** The token as the emulator takes it. */
    public Pkcs11Token token() {
        return token;
    }

    /** The token label given to {@code softhsm2-util --init-token}. */
    public String label() {
        return label;
    }

    /** The temporary token directory. */
    public Path tokenDir() {
        return tokenDir;
    }

    private static SoftHsmToken create() throws Absent {
        Path library = LIBRARIES.stream().filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new Absent("no libsofthsm2.so in " + LIBRARIES + " (apt-get install softhsm2)"));
        String confEnv = System.getenv("SOFTHSM2_CONF");
        if (confEnv == null || confEnv.isBlank()) {
            throw new Absent("SOFTHSM2_CONF is not set in this JVM's environment; SoftHSM2 reads it once at C_Initialize"
                    + " and Java cannot set it at run time: run the tests through Maven (the pom sets it) or export it");
        }
        Path conf = Path.of(confEnv).toAbsolutePath();
        SecureRandom random = new SecureRandom();
        String label = "test-" + HexFormat.of().formatHex(random.generateSeed(4));
        String soPin = HexFormat.of().formatHex(random.generateSeed(6));
        String userPin = HexFormat.of().formatHex(random.generateSeed(6));
        Path tokenDir;
        try {
            if (Files.exists(conf) && !Files.readString(conf).startsWith(MARKER)) {
                throw new Absent("SOFTHSM2_CONF points at " + conf + ", which these tests did not write and will not change");
            }
            Files.createDirectories(conf.getParent());
            tokenDir = Files.createTempDirectory(conf.getParent(), "tokens-");
            Files.writeString(conf, MARKER + "\ndirectories.tokendir = " + tokenDir + "\nobjectstore.backend = file\n"
                    + "log.level = ERROR\nslots.removable = false\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the SoftHSM2 configuration " + conf, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(tokenDir), "softhsm-token-cleanup"));
        run(List.of("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", soPin, "--pin", userPin));
        int index = slotListIndex(run(List.of("softhsm2-util", "--show-slots")), label);
        return new SoftHsmToken(Pkcs11Token.of(library, index, userPin.toCharArray()), label, tokenDir);
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

    private static String run(List<String> command) throws Absent {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new Absent("cannot run " + command.get(0) + " (" + e.getMessage() + "); apt-get install softhsm2");
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

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort at JVM exit: the directory is under target/
        }
    }

    @Override
    public String toString() {
        return "SoftHsmToken[label=" + label + ", " + token + "]";
    }

    private static final class Absent extends Exception {
        Absent(String reason) {
            super(reason);
        }
    }
}
