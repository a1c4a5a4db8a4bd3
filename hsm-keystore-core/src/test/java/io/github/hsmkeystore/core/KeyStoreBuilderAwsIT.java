package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * Real AWS, run only with {@code mvn verify -Paws}, with the default credentials and Region. Always cleans up.
 * The standard-key test costs cents (a KMS key is billed pro rata until its deletion date, 7 days after the test).
 * The CloudHSM test creates 2 billable HSMs for its duration and runs only when
 * {@code HSM_KEYSTORE_AWS_SUBNETS=subnet-a,subnet-b} and {@code HSM_KEYSTORE_AWS_BILLABLE=yes} are set; activation
 * then needs the CloudHSM CLI on this host ({@code HSM_KEYSTORE_AWS_ADMIN_PASSWORD}). KMS cannot delete a custom key
 * store while its keys are pending deletion, so the first teardown() leaves the store, cluster and HSMs (billed!) until
 * the 7-day window ends; run teardown() again then (see TeardownResult).
 */
class KeyStoreBuilderAwsIT {
    @TempDir
    Path caDir;

    @Test
    void standardKms_provisionTableVerifyTeardown_onRealAws() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String alias = "alias/hsm-keystore-awsit-" + suffix;
        String table = "hsm-keystore-awsit-" + suffix;
        try (KmsClient kms = KmsClient.create(); DynamoDbClient dynamoDb = DynamoDbClient.create()) {
            KeyStoreBuilder builder = KeyStoreBuilder.standardKms(kms).keyDeletionWindowDays(7).addKey(k -> k.alias(alias));
            KmsKey key = builder.provision().findKey(alias).orElseThrow();
            try {
                EncryptedTableFactory tables = EncryptedTableFactory.create(dynamoDb, kms, WaitPolicy.defaults());
                EncryptedTable t = tables.table(table, d -> d.partitionKey("id", ScalarAttributeType.S).encryptedWith(key));
                assertThat(t.kmsKeyArn()).isEqualTo(key.arn());
                assertThat(tables.verify(table, key).keyOrigin()).isEqualTo(OriginType.AWS_KMS);
            } finally {
                dynamoDb.deleteTable(r -> r.tableName(table));
                builder.teardown();
            }
        }
    }

    @Test
    void cloudHsm_provisionAndTeardown_onRealAws() {
        String subnets = System.getenv("HSM_KEYSTORE_AWS_SUBNETS");
        assumeTrue(subnets != null && "yes".equals(System.getenv("HSM_KEYSTORE_AWS_BILLABLE")),
                "Skipped: creating 2 billable CloudHSM HSMs needs HSM_KEYSTORE_AWS_SUBNETS and HSM_KEYSTORE_AWS_BILLABLE=yes");
        String admin = System.getenv("HSM_KEYSTORE_AWS_ADMIN_PASSWORD");
        assumeTrue(admin != null, "Skipped: activation needs HSM_KEYSTORE_AWS_ADMIN_PASSWORD and the CloudHSM CLI");
        String name = "hsm-keystore-awsit-" + UUID.randomUUID().toString().substring(0, 8);
        try (CloudHsmV2Client hsm = CloudHsmV2Client.create(); KmsClient kms = KmsClient.create()) {
            KeyStoreBuilder builder = KeyStoreBuilder.cloudHsm(hsm, kms)
                    .newCluster(c -> c.hsmType("hsm2m.medium").subnetIds(subnets.split(",")))
                    .trustAnchor(TrustAnchor.generate(caDir))
                    .activation(CloudHsmCliActivation.builder(Secret.of(admin)).build())
                    .customKeyStoreName(name)
                    .kmsUserPassword(Secret.of(UUID.randomUUID().toString().replace("-", "")))
                    .keyDeletionWindowDays(7)
                    .waitPolicy(WaitPolicy.defaults().toBuilder().timeout(Duration.ofMinutes(45)).build())
                    .addKey(k -> k.alias("alias/" + name));
            try {
                ProvisionedKeyStore store = builder.provision();
                assertThat(store.findKey("alias/" + name).orElseThrow().cloudHsmBacked()).isTrue();
                assertThat(builder.health().healthy()).isTrue();
            } finally {
                builder.teardown();
            }
        }
    }
}
