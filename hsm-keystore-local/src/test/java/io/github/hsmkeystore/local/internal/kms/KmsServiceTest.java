package io.github.hsmkeystore.local.internal.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The KMS service without HTTP and without the CloudHSMv2 emulator (a {@link FakeClusterAccess}): where the backing
 * key lives and when it is destroyed, the order of the checks of a cryptographic request (aws-semantics section 9),
 * and the in-process {@link KmsKeyAccess} used by the emulated DynamoDB.
 */
class KmsServiceTest {
    private static final Scope SCOPE = new Scope("000000000000", "us-east-1");
    private static final String KMSUSER_PASSWORD = "kmsuserPass1";

    private final EmulatorClock clock = new EmulatorClock();
    private final FakeClusterAccess clusters = new FakeClusterAccess();
    private final KmsService kms = new KmsService(clock, clusters, Duration.ZERO);
    private FakeClusterAccess.FakeCluster cluster;
    private String storeId;
    private String keyId;

    @BeforeEach
    void setUp() {
        cluster = clusters.add("cluster-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), KMSUSER_PASSWORD);
        storeId = call("CreateCustomKeyStore", Json.object().put("CustomKeyStoreName", "store-" + UUID.randomUUID())
                .put("CloudHsmClusterId", cluster.id).put("TrustAnchorCertificate", FakeClusterAccess.TRUST_ANCHOR)
                .put("KeyStorePassword", KMSUSER_PASSWORD)).get("CustomKeyStoreId").asText();
        call("ConnectCustomKeyStore", Json.object().put("CustomKeyStoreId", storeId));
        // the transition delay is zero: the next request settles CONNECTING -> CONNECTED
        assertThat(storeEntry().get("ConnectionState").asText()).isEqualTo("CONNECTED");
        keyId = call("CreateKey", Json.object().put("Origin", "AWS_CLOUDHSM").put("CustomKeyStoreId", storeId))
                .get("KeyMetadata").get("KeyId").asText();
    }

    private ObjectNode call(String operation, ObjectNode body) {
        return kms.handle(SCOPE, operation, new JsonRequest(body));
    }

    private ObjectNode storeEntry() {
        return (ObjectNode) call("DescribeCustomKeyStores", Json.object().put("CustomKeyStoreId", storeId))
                .get("CustomKeyStores").get(0);
    }

    private String keyState(String id) {
        return call("DescribeKey", Json.object().put("KeyId", id)).get("KeyMetadata").get("KeyState").asText();
    }

    private ObjectNode encrypt(String id) {
        return call("Encrypt", Json.object().put("KeyId", id).put("Plaintext", Json.base64(new byte[] {1, 2, 3})));
    }

    private KmsKeyRecord record(String id) {
        return kms.state(SCOPE).keys.get(id);
    }

    private static void assertAwsError(ThrowingCallable call, String type, String fragment) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.type()).as(e.getMessage()).isEqualTo(type);
            assertThat(e.getMessage()).contains(fragment);
            assertThat(e.status()).isBetween(400, 499);
        });
    }

    /** Uses up the store's 1,800 requests/s for the next 10 seconds, deterministically. */
    private void exhaustStoreQuota() {
        CustomKeyStore store = kms.state(SCOPE).stores.get(storeId);
        Instant later = clock.now().plusSeconds(10);
        synchronized (kms.state(SCOPE)) {
            for (int i = 0; i < CustomKeyStore.REQUESTS_PER_SECOND; i++) {
                assertThat(store.admitRequest(later)).isTrue();
            }
        }
    }

    // ---- backing key in the cluster (3.1, 3.6) ----

    @Test
    void createKey_inCustomKeyStore_generatesBackingKeyLabelledWithArnInsideClusterBackend() {
        KmsKeyRecord k = record(keyId);
        assertThat(k.material).as("no key material in the KMS emulator for a store key").isNull();
        assertThat(k.hsmHandle).startsWith(k.arn);
        assertThat(cluster.backend.hasKey(k.hsmHandle)).isTrue();
        assertThat(cluster.logins).as("kmsuser logged in once at connect").isEqualTo(1);
        assertThat(cluster.kmsuserPassword).as("password rotated at connect").isNotEqualTo(KMSUSER_PASSWORD.toCharArray());
    }

    @Test
    void deletionWindowEnds_storeConnected_backingKeyDestroyedInCluster() {
        String handle = record(keyId).hsmHandle;
        call("ScheduleKeyDeletion", Json.object().put("KeyId", keyId).put("PendingWindowInDays", 7));
        clock.advance(Duration.ofDays(7).minusMinutes(1));
        assertThat(keyState(keyId)).isEqualTo("PendingDeletion");
        assertThat(cluster.backend.hasKey(handle)).isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertAwsError(() -> keyState(keyId), "NotFoundException", keyId);
        assertThat(cluster.backend.hasKey(handle)).isFalse();
    }

    @Test
    void deletionWindowEnds_storeDisconnected_backingKeyOrphanedInCluster() {
        String handle = record(keyId).hsmHandle;
        call("ScheduleKeyDeletion", Json.object().put("KeyId", keyId).put("PendingWindowInDays", 7));
        call("DisconnectCustomKeyStore", Json.object().put("CustomKeyStoreId", storeId));
        clock.advance(Duration.ofDays(8));
        assertAwsError(() -> keyState(keyId), "NotFoundException", keyId);
        assertThat(cluster.backend.hasKey(handle)).as("KMS cannot reach the cluster: material orphaned").isTrue();
        // the store can now be deleted: it holds no KMS key any more
        call("DeleteCustomKeyStore", Json.object().put("CustomKeyStoreId", storeId));
    }

    // ---- order of the checks of a cryptographic request (section 9) ----

    @Test
    void crypto_storeOverQuota_isThrottlingException() {
        exhaustStoreQuota();
        assertAwsError(() -> encrypt(keyId), "ThrottlingException", "You have exceeded the rate at which you may call KMS");
        // the quota is per store: a standard key is not limited by it
        String standard = call("CreateKey", Json.object()).get("KeyMetadata").get("KeyId").asText();
        assertThat(encrypt(standard).get("KeyId").asText()).endsWith(standard);
    }

    @Test
    void crypto_unknownKeyWhileOverQuota_isNotFoundFirst() {
        exhaustStoreQuota();
        String unknown = UUID.randomUUID().toString();
        assertAwsError(() -> encrypt(unknown), "NotFoundException", "Key '" + SCOPE.arnPrefix("kms") + "key/" + unknown + "' does not exist");
    }

    @Test
    void crypto_disabledKeyWhileOverQuotaAndWithoutHsm_isDisabledException() {
        call("DisableKey", Json.object().put("KeyId", keyId));
        cluster.activeHsms.clear();
        exhaustStoreQuota();
        assertAwsError(() -> encrypt(keyId), "DisabledException", record(keyId).arn + " is disabled.");
    }

    @Test
    void crypto_pendingDeletionKeyWhileOverQuota_isKmsInvalidStatePendingDeletion() {
        call("ScheduleKeyDeletion", Json.object().put("KeyId", keyId).put("PendingWindowInDays", 7));
        exhaustStoreQuota();
        assertAwsError(() -> encrypt(keyId), "KMSInvalidStateException", record(keyId).arn + " is pending deletion.");
    }

    @Test
    void crypto_clusterWithoutActiveHsmWhileOverQuota_isKmsInvalidStateBeforeThrottling() {
        cluster.activeHsms.clear();
        exhaustStoreQuota();
        assertAwsError(() -> encrypt(keyId), "KMSInvalidStateException", "KMS cannot communicate with your CloudHSM cluster");
        assertThat(keyState(keyId)).as("key state is not affected by the cluster").isEqualTo("Enabled");
    }

    @Test
    void crypto_backingKeyDeletedInCluster_isKmsInvalidStateAndKeyStaysEnabled() {
        cluster.backend.destroyKey(record(keyId).hsmHandle);
        assertAwsError(() -> encrypt(keyId), "KMSInvalidStateException", "KMS cannot communicate with your CloudHSM cluster");
        assertThat(keyState(keyId)).isEqualTo("Enabled");
    }

    @Test
    void crypto_refusedForKeyState_doesNotConsumeStoreQuota() {
        call("DisableKey", Json.object().put("KeyId", keyId));
        for (int i = 0; i < 50; i++) {
            assertAwsError(() -> encrypt(keyId), "DisabledException", "is disabled");
        }
        CustomKeyStore store = kms.state(SCOPE).stores.get(storeId);
        // counted requests (had they been counted) would still be in the window that ends now
        Instant now = clock.now();
        int admitted = 0;
        synchronized (kms.state(SCOPE)) {
            while (store.admitRequest(now)) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(CustomKeyStore.REQUESTS_PER_SECOND);
    }

    // ---- KmsKeyAccess (in-process, used by the emulated DynamoDB) ----

    @Test
    void keyAccess_describe_resolvesKeyIdArnAliasNameAndAliasArn() {
        String alias = "alias/orders-" + UUID.randomUUID().toString().substring(0, 8);
        call("CreateAlias", Json.object().put("AliasName", alias).put("TargetKeyId", keyId));
        String arn = record(keyId).arn;
        for (String reference : new String[] {keyId, arn, alias, SCOPE.arnPrefix("kms") + alias}) {
            KmsKeyAccess.KeyInfo info = kms.describe(SCOPE, reference);
            assertThat(info.keyId()).as(reference).isEqualTo(keyId);
            assertThat(info.arn()).isEqualTo(arn);
            assertThat(info.keyState()).isEqualTo("Enabled");
            assertThat(info.origin()).isEqualTo("AWS_CLOUDHSM");
            assertThat(info.customKeyStoreId()).isEqualTo(storeId);
            assertThat(info.keySpec()).isEqualTo("SYMMETRIC_DEFAULT");
        }
        assertAwsError(() -> kms.describe(SCOPE, "alias/none-" + UUID.randomUUID()), "NotFoundException", "is not found");
    }

    @Test
    void keyAccess_generateDataKeyThenDecrypt_roundTripsOnlyWithSameContext() {
        Map<String, String> context = Map.of("aws:dynamodb:tableName", "orders", "aws:dynamodb:subscriberId", SCOPE.accountId());
        KmsKeyAccess.DataKey dk = kms.generateDataKey(SCOPE, keyId, context);
        assertThat(dk.plaintext()).hasSize(32);
        assertThat(dk.keyArn()).isEqualTo(record(keyId).arn);
        assertThat(dk.toString()).doesNotContain(java.util.Arrays.toString(dk.plaintext())).contains("***");
        assertThat(kms.decrypt(SCOPE, dk.ciphertextBlob(), context)).isEqualTo(dk.plaintext());
        assertAwsError(() -> kms.decrypt(SCOPE, dk.ciphertextBlob(), Map.of("aws:dynamodb:tableName", "orders")),
                "InvalidCiphertextException", "encryption context");
    }

    @Test
    void keyAccess_followsKeyStateAndStoreConnection() {
        KmsKeyAccess.DataKey dk = kms.generateDataKey(SCOPE, keyId, Map.of());
        call("DisableKey", Json.object().put("KeyId", keyId));
        assertThat(kms.describe(SCOPE, keyId).keyState()).isEqualTo("Disabled");
        assertAwsError(() -> kms.generateDataKey(SCOPE, keyId, Map.of()), "DisabledException", "is disabled");
        assertAwsError(() -> kms.decrypt(SCOPE, dk.ciphertextBlob(), Map.of()), "DisabledException", "is disabled");
        call("EnableKey", Json.object().put("KeyId", keyId));
        call("DisconnectCustomKeyStore", Json.object().put("CustomKeyStoreId", storeId));
        assertThat(kms.describe(SCOPE, keyId).keyState()).isEqualTo("Unavailable");
        assertAwsError(() -> kms.decrypt(SCOPE, dk.ciphertextBlob(), Map.of()), "KMSInvalidStateException", "is unavailable.");
    }

    @Test
    void keyAccess_countsAgainstStoreQuota() {
        exhaustStoreQuota();
        assertAwsError(() -> kms.generateDataKey(SCOPE, keyId, Map.of()), "ThrottlingException", "exceeded the rate");
    }

    @Test
    void keyAccess_awsManagedKey_isCreatedOnceWithReservedAlias() {
        KmsKeyAccess.KeyInfo first = kms.awsManagedKey(SCOPE, "dynamodb");
        KmsKeyAccess.KeyInfo second = kms.awsManagedKey(SCOPE, "dynamodb");
        assertThat(second.keyId()).isEqualTo(first.keyId());
        assertThat(first.origin()).isEqualTo("AWS_KMS");
        assertThat(first.customKeyStoreId()).isNull();
        assertThat(kms.describe(SCOPE, "alias/aws/dynamodb").keyId()).isEqualTo(first.keyId());
        ObjectNode meta = (ObjectNode) call("DescribeKey", Json.object().put("KeyId", first.keyId())).get("KeyMetadata");
        assertThat(meta.get("KeyManager").asText()).isEqualTo("AWS");
        // customers still cannot create aliases under alias/aws/
        assertAwsError(() -> call("CreateAlias", Json.object().put("AliasName", "alias/aws/mine").put("TargetKeyId", keyId)),
                "NotAuthorizedException", "alias/aws/");
    }

    // ---- clusters sharing backup history (2.2: CloudHsmClusterInUseException, CloudHsmClusterNotRelatedException) ----

    private FakeClusterAccess.FakeCluster restoredFrom(FakeClusterAccess.FakeCluster source) {
        FakeClusterAccess.FakeCluster copy = clusters.add("cluster-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
                KMSUSER_PASSWORD);
        copy.lineage = source.lineage;
        copy.backend = source.backend;
        copy.kmsuserPassword = source.kmsuserPassword.clone();
        return copy;
    }

    private ObjectNode createStore(String clusterId) {
        return call("CreateCustomKeyStore", Json.object().put("CustomKeyStoreName", "store-" + UUID.randomUUID())
                .put("CloudHsmClusterId", clusterId).put("TrustAnchorCertificate", FakeClusterAccess.TRUST_ANCHOR)
                .put("KeyStorePassword", KMSUSER_PASSWORD));
    }

    @Test
    void createCustomKeyStore_clusterSharingBackupHistoryWithAStoreCluster_isCloudHsmClusterInUse() {
        FakeClusterAccess.FakeCluster sibling = restoredFrom(cluster);
        int before = kms.state(SCOPE).stores.size();
        assertAwsError(() -> createStore(sibling.id), "CloudHsmClusterInUseException", storeId);
        assertThat(kms.state(SCOPE).stores).hasSize(before);
    }

    @Test
    void updateCustomKeyStore_relatedClusterWhileDisconnected_movesStoreAndKeysKeepDecrypting() {
        ObjectNode ciphertext = encrypt(keyId);
        FakeClusterAccess.FakeCluster restored = restoredFrom(cluster);
        call("DisconnectCustomKeyStore", Json.object().put("CustomKeyStoreId", storeId));
        call("UpdateCustomKeyStore", Json.object().put("CustomKeyStoreId", storeId).put("CloudHsmClusterId", restored.id));
        call("ConnectCustomKeyStore", Json.object().put("CustomKeyStoreId", storeId));
        assertThat(storeEntry().get("CloudHsmClusterId").asText()).isEqualTo(restored.id);
        assertThat(storeEntry().get("ConnectionState").asText()).isEqualTo("CONNECTED");
        ObjectNode meta = (ObjectNode) call("DescribeKey", Json.object().put("KeyId", keyId)).get("KeyMetadata");
        assertThat(meta.get("CloudHsmClusterId").asText()).isEqualTo(restored.id);
        ObjectNode plaintext = call("Decrypt", Json.object().put("CiphertextBlob", ciphertext.get("CiphertextBlob").asText()));
        assertThat(plaintext.get("Plaintext").asText()).isEqualTo(Json.base64(new byte[] {1, 2, 3}));
        assertThat(restored.logins).as("KMS logged in to the new cluster").isEqualTo(1);
    }

    @Test
    void updateCustomKeyStore_relatedClusterWithOneActiveHsm_isInvalidConfigurationAndKeepsCluster() {
        FakeClusterAccess.FakeCluster restored = restoredFrom(cluster);
        restored.activeHsms.remove("us-east-1b");
        call("DisconnectCustomKeyStore", Json.object().put("CustomKeyStoreId", storeId));
        assertAwsError(() -> call("UpdateCustomKeyStore", Json.object().put("CustomKeyStoreId", storeId)
                        .put("CloudHsmClusterId", restored.id).put("NewCustomKeyStoreName", "renamed-" + UUID.randomUUID())),
                "CloudHsmClusterInvalidConfigurationException", "at least 2 active HSMs");
        assertThat(storeEntry().get("CloudHsmClusterId").asText()).isEqualTo(cluster.id);
        assertThat(storeEntry().get("CustomKeyStoreName").asText()).doesNotStartWith("renamed-");
    }
}
