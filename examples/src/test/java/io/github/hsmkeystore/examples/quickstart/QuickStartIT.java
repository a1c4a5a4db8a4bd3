package io.github.hsmkeystore.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.testing.HsmKeyStoreExtension;
import io.github.hsmkeystore.testing.LocalEmulatorActivation;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.OriginType;

/** The README's quick start, run as written on the embedded emulator, twice (provisioning converges). */
@ExtendWith(HsmKeyStoreExtension.class)
class QuickStartIT {
    @TempDir
    Path trustAnchorDir;

    @Test
    void run_onTheEmulator_writesAndFindsTheOrderInACloudHsmEncryptedTable(CloudHsmV2Client hsm, KmsClient kms,
                                                                             DynamoDbClient dynamoDb, LocalEmulatorActivation activation) {
        Path anchor = trustAnchorDir.resolve("customerCA");

        List<Order> first = QuickStart.run(hsm, kms, dynamoDb, activation, anchor, "Passw0rd1".toCharArray());
        List<Order> second = QuickStart.run(hsm, kms, dynamoDb, activation, anchor, "Passw0rd1".toCharArray());

        assertThat(first).singleElement().satisfies(o -> {
            assertThat(o.getId()).isEqualTo("o-1");
            assertThat(o.getTotal()).isEqualByComparingTo(new BigDecimal("42.50"));
        });
        assertThat(second).hasSize(1);
        assertThat(hsm.describeClusters().clusters()).hasSize(1);
        KeyMetadata key = kms.describeKey(b -> b.keyId("alias/orders")).keyMetadata();
        assertThat(key.origin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        TableDescription table = dynamoDb.describeTable(b -> b.tableName("orders")).table();
        assertThat(table.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
        assertThat(table.sseDescription().kmsMasterKeyArn()).isEqualTo(key.arn());
        assertThat(table.deletionProtectionEnabled()).isTrue();
    }
}
