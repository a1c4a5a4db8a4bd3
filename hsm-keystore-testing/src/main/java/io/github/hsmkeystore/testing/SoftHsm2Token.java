package io.github.hsmkeystore.testing;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.Pkcs11Token;
import io.github.hsmkeystore.local.internal.hsm.Pkcs11HsmBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh SoftHSM2 token for the emulator's PKCS#11 backend ({@link LocalHsmKeyStore.Builder#pkcs11(Pkcs11Token)}),
 * made with {@code softhsm2-util} and random PINs, for tests and benchmarks. Test code: it ships in
 * hsm-keystore-testing (a test-scope dependency), not in the emulator's jar.
 *
 * <pre>{@code
 * // SOFTHSM2_CONF=target/softhsm2/softhsm2.conf is in the test JVM's environment (see below)
 * SoftHsm2Token softHsm = SoftHsm2Token.assumeAvailable(); // skips the test, with the reason, without SoftHSM2
 * try (LocalHsmKeyStore local = LocalHsmKeyStore.builder().pkcs11(softHsm.token()).start()) { ... }
 * }</pre>
 *
 * <p><b>{@value #CONF_ENV} must be in the JVM's environment when it starts.</b> SoftHSM2 reads the file it names once,
 * when the library is initialised ({@code C_Initialize}); SunPKCS11 initialises a library once per JVM, and a JVM
 * cannot change its own environment. Only the <em>file</em> may be written later, and every token must exist before
 * the library is first used in the JVM. {@link #create} writes that file if it is absent (with a token directory
 * {@code tokens/} beside it, and a first line marking it as ours) and refuses to add tokens to a configuration it did
 * not write. Each call initialises a new token in a free slot; call it once per JVM, before the first PKCS#11 use:
 * {@link #assumeAvailable()} does, and shares that token with every test of the JVM (which keep their key labels
 * unique). With Maven, give the variable to the test JVMs:
 *
 * <pre>{@code
 * <plugin>
 *   <artifactId>maven-surefire-plugin</artifactId>
 *   <configuration>
 *     <environmentVariables>
 *       <SOFTHSM2_CONF>${project.build.directory}/softhsm2-surefire/softhsm2.conf</SOFTHSM2_CONF>
 *     </environmentVariables>
 *   </configuration>
 * </plugin>
 * }</pre>
 *
 * <p>The PINs are random, held in the {@link Pkcs11Token} and never printed: {@link #toString()} shows the label and
 * the masked token.
 */
public final class SoftHsm2Token {
    /** The environment variable SoftHSM2 reads its configuration file from. */
    public static final String CONF_ENV = "SOFTHSM2_CONF";
    /** Where Debian, Ubuntu, Fedora and Homebrew install the library. */
    public static final List<Path> LIBRARIES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"), Path.of("/usr/lib64/softhsm/libsofthsm2.so"),
            Path.of("/usr/local/lib/softhsm/libsofthsm2.so"), Path.of("/opt/homebrew/lib/softhsm/libsofthsm2.so"));
    /** The first line of a configuration file written by this class. */
    public static final String MARKER = "# written by hsm-keystore-testing (SoftHsm2Token)";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** This JVM's shared token ({@link #assumeAvailable()}), or null before the first call or when unavailable. */
    private static SoftHsm2Token shared;
    /** Why {@link #shared} could not be created, or null. */
    private static String sharedAbsentReason;

    private final Pkcs11Token token;
    private final String label;

    private SoftHsm2Token(Pkcs11Token token, String label) {
        this.token = token;
        this.label = label;
    }

    /**
     * The installed {@code libsofthsm2.so}, if any.
     *
     * @return the first of {@link #LIBRARIES} that exists
     */
    public static Optional<Path> library() {
        return LIBRARIES.stream().filter(Files::isRegularFile).findFirst();
    }

    /**
     * Why {@link #create} cannot work in this JVM (no library, no {@value #CONF_ENV}, a configuration someone else
     * wrote), or empty when it can; lets tests skip with the reason instead of failing.
     *
     * @return the reason, or empty
     */
    public static Optional<String> unavailableReason() {
        return unavailableReason(System.getenv());
    }

    static Optional<String> unavailableReason(Map<String, String> env) {
        if (library().isEmpty()) {
            return Optional.of("no libsofthsm2.so in " + LIBRARIES + " (apt-get install softhsm2)");
        }
        String conf = env.get(CONF_ENV);
        if (conf == null || conf.isBlank()) {
            return Optional.of(CONF_ENV + " is not set in this JVM's environment; SoftHSM2 reads it once at C_Initialize and"
                    + " Java cannot set it at run time: set it before the JVM starts (e.g. in the surefire/failsafe"
                    + " environmentVariables)");
        }
        Path path = Path.of(conf).toAbsolutePath();
        try {
            if (Files.exists(path) && !Files.readString(path).startsWith(MARKER)) {
                return Optional.of(CONF_ENV + " points at " + path + ", which hsm-keystore-testing did not write and will not add"
                        + " tokens to; point it at a new file");
            }
        } catch (IOException e) {
            return Optional.of("cannot read " + path + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Initialises a new token, labelled {@code labelPrefix-<random>}, with random SO and user PINs, writing the
     * configuration file named by {@value #CONF_ENV} first if it is absent.
     *
     * @param labelPrefix the start of the token label, e.g. {@code test}
     * @return the token
     * @throws IllegalStateException with {@link #unavailableReason()} when SoftHSM2 cannot be used here, or when
     *                               {@code softhsm2-util} fails
     */
    public static SoftHsm2Token create(String labelPrefix) {
        Objects.requireNonNull(labelPrefix, "labelPrefix must not be null");
        Optional<String> absent = unavailableReason();
        if (absent.isPresent()) {
            throw new IllegalStateException("Cannot create a SoftHSM2 token: " + absent.get());
        }
        writeConfIfAbsent(Path.of(System.getenv(CONF_ENV)).toAbsolutePath());
        String label = labelPrefix + "-" + HexFormat.of().formatHex(RANDOM.generateSeed(4));
        String soPin = HexFormat.of().formatHex(RANDOM.generateSeed(6));
        String userPin = HexFormat.of().formatHex(RANDOM.generateSeed(6));
        run(List.of("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", soPin, "--pin", userPin));
        int index = slotListIndex(run(List.of("softhsm2-util", "--show-slots")), label);
        return new SoftHsm2Token(Pkcs11Token.of(library().orElseThrow(), index, userPin.toCharArray()), label);
    }

    /**
     * This JVM's token, created with the label prefix {@code test} on the first call and shared by every later call (a
     * token made after the JVM first used the library would be invisible to it); when SoftHSM2 cannot be used here,
     * skips the calling test through a JUnit assumption that gives {@link #unavailableReason()}.
     *
     * @return the JVM's token
     * @throws org.opentest4j.TestAbortedException when SoftHSM2 cannot be used in this JVM (JUnit reports the test as
     *                                             skipped, with the reason)
     * @throws IllegalStateException              when {@code softhsm2-util} fails
     */
    public static synchronized SoftHsm2Token assumeAvailable() {
        if (shared == null && sharedAbsentReason == null) {
            Optional<String> reason = unavailableReason();
            if (reason.isPresent()) {
                sharedAbsentReason = reason.get();
            } else {
                shared = create("test");
            }
        }
        String reason = sharedAbsentReason;
        Assumptions.assumeTrue(shared != null, () -> "SoftHSM2 test skipped: " + reason);
        return shared;
    }

    /**
     * Writes a SoftHSM2 configuration at {@code conf}, with the token directory {@code tokens/} beside it, unless a file
     * this class wrote is already there.
     *
     * @param conf the configuration file
     * @return the token directory
     * @throws IllegalStateException when {@code conf} exists and this class did not write it
     * @throws UncheckedIOException  when the file cannot be written
     */
    public static Path writeConfIfAbsent(Path conf) {
        Path file = conf.toAbsolutePath();
        Path tokenDir = file.getParent().resolve("tokens");
        try {
            if (Files.exists(file)) {
                if (!Files.readString(file).startsWith(MARKER)) {
                    throw new IllegalStateException(CONF_ENV + " points at " + file
                            + ", which hsm-keystore-testing did not write and will not add tokens to; point it at a new file");
                }
                Files.createDirectories(tokenDir);
                return tokenDir;
            }
            Files.createDirectories(tokenDir);
            Path tmp = Files.createTempFile(file.getParent(), "softhsm2", ".conf");
            Files.writeString(tmp, MARKER + "\ndirectories.tokendir = " + tokenDir + "\nobjectstore.backend = file\n"
                    + "log.level = ERROR\nslots.removable = false\n");
            // concurrent JVMs (JMH forks) may race: the first file wins, the same content either way
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return tokenDir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the SoftHSM2 configuration " + file, e);
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

    /**
     * The token as the emulator takes it.
     *
     * @return the library, slot list index and user PIN
     */
    public Pkcs11Token token() {
        return token;
    }

    /**
     * The objects of a PKCS#11 token as a {@code PKCS11} KeyStore, through a SunPKCS11 provider of its own (so it works
     * beside the emulator's): its aliases are the labels of the keys the emulator generated (the KMS key ARNs), and
     * their material cannot be read ({@code getEncoded()} is null). For checking where keys live.
     *
     * @param token the token, e.g. {@link #token()}
     * @param providerName a name for the new provider instance (it shows in its messages)
     * @return the token's KeyStore, loaded
     * @throws IllegalArgumentException when the library does not exist
     * @throws IllegalStateException    when the slot cannot be opened or the PIN is refused
     */
    public static KeyStore keyStore(Pkcs11Token token, String providerName) {
        return Pkcs11HsmBackend.inspect(token, providerName);
    }

    /**
     * The label given to {@code softhsm2-util --init-token}.
     *
     * @return the label
     */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return "SoftHsm2Token[label=" + label + ", " + token + "]";
    }
}
