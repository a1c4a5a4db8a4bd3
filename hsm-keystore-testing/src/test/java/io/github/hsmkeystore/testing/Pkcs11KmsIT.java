package io.github.hsmkeystore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.Pkcs11Token;
import io.github.hsmkeystore.local.testing.ClusterFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * End to end: a KMS key in a CloudHSM custom key store of the emulator whose key material is on a SoftHSM2 token
 * (skipped, with the reason, when SoftHSM2 is absent or the emulator does not implement KMS yet).
 */
class Pkcs11KmsIT {
    @Test
    void createKey_inCustomKeyStoreOnToken_encryptsAndKeyMaterialIsOnToken() throws Exception {
        SoftHsm2Token softHsm = SoftHsm2Token.assumeAvailable();
        try (LocalHsmKeyStore local = LocalHsmKeyStore.builder().pkcs11(softHsm.token()).start()) {
            KmsClient kms = local.kmsClient();
            assumeKmsImplemented(kms);
            String storeId = connectedStore(local, kms);
            List<String> labelsBefore = tokenLabels(softHsm.token());

            KeyMetadata key = kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId)).keyMetadata();
            SdkBytes ciphertext = kms.encrypt(r -> r.keyId(key.keyId())
                    .plaintext(SdkBytes.fromString("on the token", StandardCharsets.UTF_8))).ciphertextBlob();
            String plaintext = kms.decrypt(r -> r.ciphertextBlob(ciphertext)).plaintext().asUtf8String();

            assertThat(plaintext).isEqualTo("on the token");
            assertThat(key.origin()).isEqualTo(OriginType.AWS_CLOUDHSM);
            List<String> labelsAfter = tokenLabels(softHsm.token());
            assertThat(labelsAfter).as("a new key on the token labelled with the KMS key ARN").hasSize(labelsBefore.size() + 1)
                    .contains(key.arn());
            assertThat(SoftHsm2Token.keyStore(softHsm.token(), "pkcs11kmsit").getKey(key.arn(), null).getEncoded()).as("not extractable").isNull();
            System.out.println("KMS key " + key.arn() + " is on " + softHsm.token().describe() + " labelled with its ARN");
        }
    }

    @Test
    void scheduleKeyDeletion_windowEnds_keyIsDestroyedOnToken() throws Exception {
        SoftHsm2Token softHsm = SoftHsm2Token.assumeAvailable();
        try (LocalHsmKeyStore local = LocalHsmKeyStore.builder().pkcs11(softHsm.token()).start()) {
            KmsClient kms = local.kmsClient();
            assumeKmsImplemented(kms);
            String storeId = connectedStore(local, kms);
            KeyMetadata key = kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId)).keyMetadata();
            assertThat(tokenLabels(softHsm.token())).contains(key.arn());

            kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
            local.advanceClock(Duration.ofDays(8));
            kms.listKeys(r -> { });

            assertThat(tokenLabels(softHsm.token())).doesNotContain(key.arn());
        }
    }

    /** An ACTIVE cluster and a CONNECTED custom key store on it. */
    private static String connectedStore(LocalHsmKeyStore local, KmsClient kms) {
        ClusterFixture fixture = new ClusterFixture(local);
        String clusterId = fixture.activeCluster();
        String storeId = kms.createCustomKeyStore(r -> r.customKeyStoreName("pkcs11-" + UUID.randomUUID())
                .cloudHsmClusterId(clusterId).trustAnchorCertificate(fixture.trustAnchorPem())
                .keyStorePassword(ClusterFixture.KMSUSER_PASSWORD)).customKeyStoreId();
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        ClusterFixture.await(() -> kms.describeCustomKeyStores(r -> r.customKeyStoreId(storeId)).customKeyStores().get(0),
                s -> s.connectionState() == ConnectionStateType.CONNECTED, "custom key store " + storeId);
        return storeId;
    }

    private static List<String> tokenLabels(Pkcs11Token token) throws Exception {
        return Collections.list(SoftHsm2Token.keyStore(token, "pkcs11kmsit").aliases());
    }

    private static void assumeKmsImplemented(KmsClient kms) {
        try {
            kms.describeCustomKeyStores(r -> { });
        } catch (AwsServiceException e) {
            Assumptions.assumeFalse("UnknownOperationException".equals(e.awsErrorDetails().errorCode()),
                    "hsm-keystore-local does not implement KMS yet: " + e.awsErrorDetails().errorMessage());
            throw e;
        }
    }
}
