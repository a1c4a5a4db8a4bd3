package io.github.hsmkeystore.local.testing;

import io.github.hsmkeystore.local.Pkcs11Token;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * This test JVM's SoftHSM2 token ({@link SoftHsm2Token}, created once and shared by the tests in the JVM, which keep
 * their key labels unique). The module's pom gives surefire and failsafe {@code SOFTHSM2_CONF}; tests call
 * {@link #assumeAvailable()}, which skips them with the reason when SoftHSM2 cannot be used here.
 */
public final class SoftHsmToken {
    private static SoftHsm2Token instance;
    private static String absentReason;

    private SoftHsmToken() {
    }

    /** This JVM's token; skips the calling test with a visible reason when SoftHSM2 cannot be used here. */
    public static synchronized SoftHsm2Token assumeAvailable() {
        if (instance == null && absentReason == null) {
            Optional<String> reason = SoftHsm2Token.unavailableReason();
            if (reason.isPresent()) {
                absentReason = reason.get();
            } else {
                instance = SoftHsm2Token.create("test");
            }
        }
        Assumptions.assumeTrue(instance != null, () -> "SoftHSM2 test skipped: " + absentReason);
        return instance;
    }

    /** The token as the emulator takes it (skips like {@link #assumeAvailable()}). */
    public static Pkcs11Token token() {
        return assumeAvailable().token();
    }
}
