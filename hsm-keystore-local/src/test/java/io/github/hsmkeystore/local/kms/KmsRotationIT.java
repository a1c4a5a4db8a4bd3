package io.github.hsmkeystore.local.kms;

import static io.github.hsmkeystore.local.kms.KmsFixture.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/** Key rotation (aws-semantics 3.3, 3.7 rotation row, 6b): never for custom-store keys; on/off for standard keys. */
class KmsRotationIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = KmsFixture.manualClockEmulator();
    private static String storeId;

    private KmsFixture f;
    private KmsClient kms;

    @BeforeEach
    void setUp() {
        f = new KmsFixture(local.local());
        kms = f.kms;
        if (storeId == null) {
            storeId = f.connectedStore();
        }
    }

    @Test
    void enableAndDisableKeyRotation_customStoreKey_isUnsupportedOperation() {
        KeyMetadata k = f.createKey(storeId);
        assertAwsError(() -> kms.enableKeyRotation(r -> r.keyId(k.keyId())), "UnsupportedOperationException", "custom key store");
        assertAwsError(() -> kms.enableKeyRotation(r -> r.keyId(k.keyId()).rotationPeriodInDays(90)),
                "UnsupportedOperationException", "custom key store");
        assertAwsError(() -> kms.disableKeyRotation(r -> r.keyId(k.keyId())), "UnsupportedOperationException", "custom key store");
    }

    @Test
    void getKeyRotationStatus_customStoreKey_isUnsupportedOperation() {
        // aws-semantics 3.3: UNVERIFIED (older text said "always false"); the emulator follows the newer key-state table
        KeyMetadata k = f.createKey(storeId);
        assertAwsError(() -> kms.getKeyRotationStatus(r -> r.keyId(k.keyId())), "UnsupportedOperationException", "custom key store");
    }

    @Test
    void rotateKeyOnDemand_customStoreKey_isUnsupportedOperation() {
        KeyMetadata k = f.createKey(storeId);
        assertAwsError(() -> kms.rotateKeyOnDemand(r -> r.keyId(k.keyId())), "UnsupportedOperationException",
                "cannot perform on-demand rotation");
    }

    @Test
    void rotationOps_customStoreKeyInAnyState_areUnsupportedOperation() {
        KeyMetadata disabled = f.createKey(storeId);
        kms.disableKey(r -> r.keyId(disabled.keyId()));
        KeyMetadata pending = f.createKey(storeId);
        kms.scheduleKeyDeletion(r -> r.keyId(pending.keyId()).pendingWindowInDays(7));
        String other = f.connectedStore();
        KeyMetadata unavailable = f.createKey(other);
        f.disconnect(other);
        for (KeyMetadata k : java.util.List.of(disabled, pending, unavailable)) {
            assertAwsError(() -> kms.enableKeyRotation(r -> r.keyId(k.keyId())), "UnsupportedOperationException", "custom key store");
            assertAwsError(() -> kms.getKeyRotationStatus(r -> r.keyId(k.keyId())), "UnsupportedOperationException", "custom key store");
        }
    }

    @Test
    void enableKeyRotation_standardKey_withPeriod_isReportedByStatus() {
        KeyMetadata k = f.createStandardKey();
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(k.keyId())).keyRotationEnabled()).isFalse();
        Instant now = local.local().now();
        kms.enableKeyRotation(r -> r.keyId(k.keyId()).rotationPeriodInDays(90));
        GetKeyRotationStatusResponse s = kms.getKeyRotationStatus(r -> r.keyId(k.keyId()));
        assertThat(s.keyRotationEnabled()).isTrue();
        assertThat(s.rotationPeriodInDays()).isEqualTo(90);
        assertThat(Duration.between(now, s.nextRotationDate())).isBetween(Duration.ofDays(90).minusMinutes(1), Duration.ofDays(90).plusMinutes(1));
        kms.disableKeyRotation(r -> r.keyId(k.keyId()));
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(k.keyId())).keyRotationEnabled()).isFalse();
    }

    @Test
    void enableKeyRotation_standardKeyDefaultPeriod_is365Days() {
        KeyMetadata k = f.createStandardKey();
        kms.enableKeyRotation(r -> r.keyId(k.keyId()));
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(k.keyId())).rotationPeriodInDays()).isEqualTo(365);
    }

    @Test
    void enableKeyRotation_periodOutside90To2560_isValidationError() {
        KeyMetadata k = f.createStandardKey();
        assertAwsError(() -> kms.enableKeyRotation(r -> r.keyId(k.keyId()).rotationPeriodInDays(89)), "ValidationException", "rotationPeriodInDays");
        assertAwsError(() -> kms.enableKeyRotation(r -> r.keyId(k.keyId()).rotationPeriodInDays(2561)), "ValidationException", "rotationPeriodInDays");
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(k.keyId())).keyRotationEnabled()).isFalse();
        kms.enableKeyRotation(r -> r.keyId(k.keyId()).rotationPeriodInDays(2560));
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(k.keyId())).rotationPeriodInDays()).isEqualTo(2560);
    }

    @Test
    void enableKeyRotation_disabledStandardKey_isDisabledException() {
        KeyMetadata k = f.createStandardKey();
        kms.disableKey(r -> r.keyId(k.keyId()));
        assertAwsError(() -> kms.enableKeyRotation(r -> r.keyId(k.keyId())), "DisabledException", k.arn() + " is disabled.");
    }

    @Test
    void rotateKeyOnDemand_enabledStandardKey_succeedsAndOldCiphertextsStillDecrypt() {
        KeyMetadata k = f.createStandardKey();
        var blob = kms.encrypt(r -> r.keyId(k.keyId()).plaintext(software.amazon.awssdk.core.SdkBytes.fromUtf8String("v1"))).ciphertextBlob();
        assertThat(kms.rotateKeyOnDemand(r -> r.keyId(k.keyId())).keyId()).isEqualTo(k.arn());
        assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("v1");
    }
}
