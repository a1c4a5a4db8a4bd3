package io.github.hsmkeystore.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.testing.ClusterFixture;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * The runbook of the original notes (steps 1-4) end to end with the AWS SDK for Java v2: cluster,
 * two HSMs in two AZs, initialisation with a signed CSR, activation, kmsuser, custom key store, connect, key, alias.
 */
class SeedRunbookIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    @Test
    void runbook_fromEmptyAccount_endsWithConnectedStoreAndCloudHsmKeyBehindAlias(KmsClient kms, CloudHsmV2Client hsm) {
        ClusterFixture fixture = new ClusterFixture(local.local());
        String clusterId = fixture.activeCluster();
        assertThat(fixture.describe(clusterId).state()).isEqualTo(ClusterState.ACTIVE);

        String storeId = kms.createCustomKeyStore(r -> r.customKeyStoreName("orders-store").cloudHsmClusterId(clusterId)
                .trustAnchorCertificate(fixture.trustAnchorPem()).keyStorePassword(ClusterFixture.KMSUSER_PASSWORD))
                .customKeyStoreId();
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        CustomKeyStoresListEntry store = ClusterFixture.await(
                () -> kms.describeCustomKeyStores(r -> r.customKeyStoreId(storeId)).customKeyStores().get(0),
                s -> s.connectionState() == ConnectionStateType.CONNECTED, "store " + storeId + " CONNECTED");
        assertThat(store.cloudHsmClusterId()).isEqualTo(clusterId);

        KeyMetadata key = kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId)
                .description("products table")).keyMetadata();
        kms.createAlias(r -> r.aliasName("alias/dynamodb-hsm-key").targetKeyId(key.keyId()));

        KeyMetadata described = kms.describeKey(r -> r.keyId("alias/dynamodb-hsm-key")).keyMetadata();
        assertThat(described.keyId()).isEqualTo(key.keyId());
        assertThat(described.origin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        assertThat(described.customKeyStoreId()).isEqualTo(storeId);
        assertThat(described.cloudHsmClusterId()).isEqualTo(clusterId);
        assertThat(described.keyState()).isEqualTo(KeyState.ENABLED);

        SdkBytes blob = kms.encrypt(r -> r.keyId("alias/dynamodb-hsm-key")
                .plaintext(SdkBytes.fromString("laptop", StandardCharsets.UTF_8))
                .encryptionContext(Map.of("table", "products"))).ciphertextBlob();
        assertThat(kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("table", "products")))
                .plaintext().asUtf8String()).isEqualTo("laptop");
    }
}
