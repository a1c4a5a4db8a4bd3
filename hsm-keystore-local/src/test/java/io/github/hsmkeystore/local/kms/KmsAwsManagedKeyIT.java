package io.github.hsmkeystore.local.kms;

import static io.github.hsmkeystore.local.kms.KmsFixture.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

/** The AWS managed key alias/aws/dynamodb: KeyManager AWS, viewable, never changeable (docs/kms-and-cloudhsm.md). */
class KmsAwsManagedKeyIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    private KmsClient kms;
    private KeyMetadata key;

    @BeforeEach
    void setUp() {
        kms = local.local().kmsClient();
        DynamoDbClient ddb = local.local().dynamoDbClient();
        // a table encrypted with the AWS managed key makes DynamoDB create alias/aws/dynamodb, as on AWS
        ddb.createTable(b -> b.tableName("managed-" + UUID.randomUUID()).billingMode("PAY_PER_REQUEST")
                .sseSpecification(s -> s.enabled(true).sseType(SSEType.KMS))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        key = kms.describeKey(r -> r.keyId("alias/aws/dynamodb")).keyMetadata();
    }

    @Test
    void describeKey_awsManagedKey_isKeyManagerAwsAndEnabled() {
        assertThat(key.keyManager()).isEqualTo(KeyManagerType.AWS);
        assertThat(key.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled()).isTrue();
    }

    @Test
    void scheduleKeyDeletion_awsManagedKey_isAccessDeniedAndKeyStaysEnabled() {
        assertAwsError(() -> kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7)),
                "AccessDeniedException", "is not authorized to perform: kms:ScheduleKeyDeletion on resource: " + key.arn());
        assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void everyChange_awsManagedKey_isAccessDeniedNamingTheAction() {
        String id = key.keyId();
        assertAwsError(() -> kms.disableKey(r -> r.keyId(id)), "AccessDeniedException", "kms:DisableKey");
        assertAwsError(() -> kms.enableKey(r -> r.keyId(id)), "AccessDeniedException", "kms:EnableKey");
        assertAwsError(() -> kms.cancelKeyDeletion(r -> r.keyId(id)), "AccessDeniedException", "kms:CancelKeyDeletion");
        assertAwsError(() -> kms.disableKeyRotation(r -> r.keyId(id)), "AccessDeniedException", "kms:DisableKeyRotation");
        assertAwsError(() -> kms.enableKeyRotation(r -> r.keyId(id)), "AccessDeniedException", "kms:EnableKeyRotation");
        assertAwsError(() -> kms.rotateKeyOnDemand(r -> r.keyId(id)), "AccessDeniedException", "kms:RotateKeyOnDemand");
        assertAwsError(() -> kms.updateKeyDescription(r -> r.keyId(id).description("x")), "AccessDeniedException",
                "kms:UpdateKeyDescription");
        assertAwsError(() -> kms.tagResource(r -> r.keyId(id).tags(t -> t.tagKey("k").tagValue("v"))), "AccessDeniedException",
                "kms:TagResource");
        assertAwsError(() -> kms.untagResource(r -> r.keyId(id).tagKeys("k")), "AccessDeniedException", "kms:UntagResource");
        assertAwsError(() -> kms.createAlias(r -> r.aliasName("alias/mine-" + UUID.randomUUID()).targetKeyId(id)),
                "AccessDeniedException", "kms:CreateAlias");
        assertAwsError(() -> kms.putKeyPolicy(r -> r.keyId(id).policy("{}")), "AccessDeniedException", "kms:PutKeyPolicy");
        assertAwsError(() -> kms.createGrant(r -> r.keyId(id).granteePrincipal("arn:aws:iam::000000000000:role/R")
                .operationsWithStrings("Decrypt")), "AccessDeniedException", "kms:CreateGrant");
        assertThat(kms.describeKey(r -> r.keyId(id)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void getKeyPolicy_awsManagedKey_letsOnlyTheServiceUseIt() {
        String policy = kms.getKeyPolicy(r -> r.keyId(key.keyId())).policy();
        assertThat(policy).contains("kms:ViaService").contains("dynamodb." + local.local().region().id() + ".amazonaws.com")
                .contains("kms:Describe*").doesNotContain("kms:*\"");
    }
}
