package io.github.hsmkeystore.local.kms;

import static io.github.hsmkeystore.local.kms.KmsFixture.assertAwsError;
import static io.github.hsmkeystore.local.kms.KmsFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;

/**
 * Keys in a CloudHSM key store: CreateKey (aws-semantics 3.1), DescribeKey (3.2), deletion (3.6) and the key-state
 * table (3.7, except crypto and rotation rows: {@link KmsCryptoIT}, {@link KmsRotationIT}). One emulator and one
 * CONNECTED store for the class.
 */
class KmsKeyLifecycleIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = KmsFixture.manualClockEmulator();
    private static String storeId;
    private static String clusterId;

    private KmsFixture f;
    private KmsClient kms;

    @BeforeEach
    void setUp() {
        f = new KmsFixture(local.local());
        kms = f.kms;
        if (storeId == null) {
            clusterId = f.activeCluster();
            storeId = f.createStore(clusterId);
            f.connect(storeId);
        }
    }

    private KeyMetadata key() {
        return f.createKey(storeId);
    }

    private KeyMetadata pendingKey() {
        KeyMetadata k = key();
        kms.scheduleKeyDeletion(r -> r.keyId(k.keyId()).pendingWindowInDays(7));
        return k;
    }

    private KeyMetadata disabledKey() {
        KeyMetadata k = key();
        kms.disableKey(r -> r.keyId(k.keyId()));
        return k;
    }

    // ---- 3.1 CreateKey ----

    @Test
    void createKey_originCloudHsmWithStore_isEnabledSymmetricKey() {
        KeyMetadata m = key();
        assertThat(m.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(m.origin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        assertThat(m.keySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
        assertThat(m.keyUsage()).isEqualTo(KeyUsageType.ENCRYPT_DECRYPT);
    }

    @Test
    void createKey_originCloudHsmWithoutStoreId_isUnsupportedOperation() {
        // aws-semantics 3.1: error code UNVERIFIED; the emulator chose UnsupportedOperationException
        int before = kms.listKeys().keys().size();
        assertAwsError(() -> kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM)), "UnsupportedOperationException",
                "requires a CustomKeyStoreId");
        assertThat(kms.listKeys().keys()).hasSize(before);
    }

    @Test
    void createKey_storeIdWithoutOriginCloudHsm_isUnsupportedOperation() {
        // aws-semantics 3.1: UNVERIFIED, emulator's choice
        assertAwsError(() -> kms.createKey(r -> r.customKeyStoreId(storeId)), "UnsupportedOperationException",
                "requires Origin AWS_CLOUDHSM");
        assertAwsError(() -> kms.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.EXTERNAL)),
                "UnsupportedOperationException", "requires Origin AWS_CLOUDHSM");
    }

    @Test
    void createKey_asymmetricHmacOrMultiRegionInStore_isUnsupportedOperation() {
        // aws-semantics 3.1 / 6a: only symmetric encryption keys; exact code UNVERIFIED, emulator's choice
        int before = kms.listKeys().keys().size();
        assertAwsError(() -> kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId)
                .keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)), "UnsupportedOperationException", "RSA_2048");
        assertAwsError(() -> kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId)
                .keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY)), "UnsupportedOperationException", "ECC_NIST_P256");
        assertAwsError(() -> kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId)
                .keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)), "UnsupportedOperationException", "HMAC_256");
        assertAwsError(() -> kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId)
                .multiRegion(true)), "UnsupportedOperationException", "MultiRegion");
        assertThat(kms.listKeys().keys()).hasSize(before);
    }

    @Test
    void createKey_reservedTagKey_isTagExceptionAndCreatesNothing() {
        int before = kms.listKeys().keys().size();
        assertAwsError(() -> kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId)
                .tags(t -> t.tagKey("aws:reserved").tagValue("x"))), "TagException", "aws:");
        assertThat(kms.listKeys().keys()).hasSize(before);
    }

    @Test
    void createKey_withValidTags_storesThem() {
        KeyMetadata m = kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId)
                .tags(t -> t.tagKey("team").tagValue("orders"))).keyMetadata();
        assertThat(kms.listResourceTags(r -> r.keyId(m.keyId())).tags()).singleElement()
                .satisfies(t -> assertThat(t.tagValue()).isEqualTo("orders"));
    }

    // ---- 3.2 DescribeKey ----

    @Test
    void describeKey_cloudHsmKey_hasTheDocumentedFieldsOnly() {
        Instant before = local.local().now().minusSeconds(2);
        KeyMetadata created = kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId)
                .description("orders key")).keyMetadata();
        KeyMetadata m = f.describeKey(created.keyId());
        assertThat(m.awsAccountId()).isEqualTo(local.local().accountId());
        assertThat(m.keyId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(m.arn()).isEqualTo("arn:aws:kms:" + local.local().region().id() + ":" + local.local().accountId()
                + ":key/" + m.keyId());
        assertThat(m.creationDate()).isAfter(before);
        assertThat(m.enabled()).isTrue();
        assertThat(m.description()).isEqualTo("orders key");
        assertThat(m.keyUsage()).isEqualTo(KeyUsageType.ENCRYPT_DECRYPT);
        assertThat(m.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(m.origin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        assertThat(m.customKeyStoreId()).isEqualTo(storeId);
        assertThat(m.cloudHsmClusterId()).isEqualTo(clusterId);
        assertThat(m.keyManager()).isEqualTo(KeyManagerType.CUSTOMER);
        assertThat(m.customerMasterKeySpecAsString()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(m.keySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
        assertThat(m.encryptionAlgorithms()).containsExactly(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
        assertThat(m.multiRegion()).isFalse();
        // absent
        assertThat(m.deletionDate()).isNull();
        assertThat(m.pendingDeletionWindowInDays()).isNull();
        assertThat(m.expirationModel()).isNull();
        assertThat(m.validTo()).isNull();
        assertThat(m.hasMacAlgorithms()).isFalse();
        assertThat(m.hasSigningAlgorithms()).isFalse();
        assertThat(m.multiRegionConfiguration()).isNull();
        assertThat(m.xksKeyConfiguration()).isNull();
    }

    @Test
    void describeKey_standardKey_hasNoCustomKeyStoreFields() {
        KeyMetadata m = f.createStandardKey();
        assertThat(m.origin()).isEqualTo(OriginType.AWS_KMS);
        assertThat(m.customKeyStoreId()).isNull();
        assertThat(m.cloudHsmClusterId()).isNull();
    }

    @Test
    void describeKey_worksInEveryStateAndByEveryReference() {
        KeyMetadata enabled = key();
        KeyMetadata disabled = disabledKey();
        KeyMetadata pending = pendingKey();
        String alias = "alias/" + unique("describe");
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(enabled.keyId()));
        assertThat(f.describeKey(enabled.arn()).keyId()).isEqualTo(enabled.keyId());
        assertThat(f.describeKey(alias).keyId()).isEqualTo(enabled.keyId());
        assertThat(f.describeKey(enabled.arn().replace(":key/" + enabled.keyId(), ":" + alias)).keyId()).isEqualTo(enabled.keyId());
        assertThat(f.describeKey(disabled.keyId()).keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(f.describeKey(disabled.keyId()).enabled()).isFalse();
        KeyMetadata p = f.describeKey(pending.keyId());
        assertThat(p.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(p.deletionDate()).isNotNull();
        assertThat(p.pendingDeletionWindowInDays()).isEqualTo(7);
    }

    @Test
    void describeKey_unknownKey_isNotFoundWithKeyArn() {
        String id = "0b5d3b1c-0000-4000-8000-000000000000";
        assertAwsError(() -> f.describeKey(id), "NotFoundException", "Key 'arn:aws:kms:" + local.local().region().id()
                + ":" + local.local().accountId() + ":key/" + id + "' does not exist");
        assertAwsError(() -> f.describeKey("alias/" + unique("missing")), "NotFoundException", "is not found");
    }

    @Test
    void describeKey_malformedArn_isInvalidArn() {
        String arn = "arn:aws:kms:" + local.local().region().id() + ":" + local.local().accountId() + ":bogus/x";
        assertAwsError(() -> f.describeKey(arn), "InvalidArnException", arn);
    }

    // ---- 3.6 ScheduleKeyDeletion / CancelKeyDeletion ----

    @Test
    void scheduleKeyDeletion_default_isThirtyDaysPendingDeletion() {
        KeyMetadata k = key();
        Instant now = local.local().now();
        ScheduleKeyDeletionResponse r = kms.scheduleKeyDeletion(b -> b.keyId(k.keyId()));
        assertThat(r.keyId()).isEqualTo(k.arn());
        assertThat(r.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(r.pendingWindowInDays()).isEqualTo(30);
        assertThat(Duration.between(now, r.deletionDate())).isBetween(Duration.ofDays(30).minusMinutes(1), Duration.ofDays(30).plusMinutes(1));
    }

    @Test
    void scheduleKeyDeletion_windowOutsideSevenToThirty_isValidationErrorAndKeyStaysEnabled() {
        KeyMetadata k = key();
        assertAwsError(() -> kms.scheduleKeyDeletion(r -> r.keyId(k.keyId()).pendingWindowInDays(6)), "ValidationException", "pendingWindowInDays");
        assertAwsError(() -> kms.scheduleKeyDeletion(r -> r.keyId(k.keyId()).pendingWindowInDays(31)), "ValidationException", "pendingWindowInDays");
        assertThat(f.keyState(k.keyId())).isEqualTo(KeyState.ENABLED);
        assertThat(kms.scheduleKeyDeletion(r -> r.keyId(k.keyId()).pendingWindowInDays(7)).pendingWindowInDays()).isEqualTo(7);
    }

    @Test
    void scheduleKeyDeletion_alreadyPending_isKmsInvalidStatePendingDeletion() {
        KeyMetadata k = pendingKey();
        assertAwsError(() -> kms.scheduleKeyDeletion(r -> r.keyId(k.keyId())), "KMSInvalidStateException",
                k.arn() + " is pending deletion.");
    }

    @Test
    void scheduleKeyDeletion_disabledKey_isAllowed() {
        KeyMetadata k = disabledKey();
        assertThat(kms.scheduleKeyDeletion(r -> r.keyId(k.keyId()).pendingWindowInDays(7)).keyState()).isEqualTo(KeyState.PENDING_DELETION);
    }

    @Test
    void cancelKeyDeletion_pendingKey_returnsItDisabled() {
        KeyMetadata k = pendingKey();
        assertThat(kms.cancelKeyDeletion(r -> r.keyId(k.keyId())).keyId()).isEqualTo(k.arn());
        KeyMetadata m = f.describeKey(k.keyId());
        assertThat(m.keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(m.deletionDate()).isNull();
        kms.enableKey(r -> r.keyId(k.keyId()));
        assertThat(f.keyState(k.keyId())).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void cancelKeyDeletion_enabledOrDisabledKey_isKmsInvalidStateNotPendingDeletion() {
        KeyMetadata enabled = key();
        KeyMetadata disabled = disabledKey();
        assertAwsError(() -> kms.cancelKeyDeletion(r -> r.keyId(enabled.keyId())), "KMSInvalidStateException",
                enabled.arn() + " is not pending deletion");
        assertAwsError(() -> kms.cancelKeyDeletion(r -> r.keyId(disabled.keyId())), "KMSInvalidStateException",
                disabled.arn() + " is not pending deletion");
    }

    @Test
    void pendingWindowElapsed_keyAndItsAliasesAreGone() {
        KeyMetadata k = key();
        String alias1 = "alias/" + unique("gone");
        String alias2 = "alias/" + unique("gone");
        kms.createAlias(r -> r.aliasName(alias1).targetKeyId(k.keyId()));
        kms.createAlias(r -> r.aliasName(alias2).targetKeyId(k.keyId()));
        kms.scheduleKeyDeletion(r -> r.keyId(k.keyId()));
        local.local().advanceClock(Duration.ofDays(29));
        assertThat(f.keyState(k.keyId())).isEqualTo(KeyState.PENDING_DELETION);
        local.local().advanceClock(Duration.ofDays(2));
        assertAwsError(() -> f.describeKey(k.keyId()), "NotFoundException", k.keyId());
        assertThat(kms.listKeys().keys()).noneMatch(e -> e.keyId().equals(k.keyId()));
        List<String> aliases = kms.listAliases().aliases().stream().map(AliasListEntry::aliasName).toList();
        assertThat(aliases).doesNotContain(alias1, alias2);
        assertAwsError(() -> f.describeKey(alias1), "NotFoundException", "is not found");
    }

    // ---- 3.7 key-state table (management rows) ----

    private static void assertPendingDeletionRejects(KeyMetadata k, ThrowingCallable call) {
        assertAwsError(call, "KMSInvalidStateException", k.arn() + " is pending deletion");
    }

    @Test
    void managementOps_onPendingDeletionKey_areKmsInvalidState() {
        KeyMetadata k = pendingKey();
        assertPendingDeletionRejects(k, () -> kms.createAlias(r -> r.aliasName("alias/" + unique("p")).targetKeyId(k.keyId())));
        assertPendingDeletionRejects(k, () -> kms.tagResource(r -> r.keyId(k.keyId()).tags(t -> t.tagKey("a").tagValue("b"))));
        assertPendingDeletionRejects(k, () -> kms.untagResource(r -> r.keyId(k.keyId()).tagKeys("a")));
        assertPendingDeletionRejects(k, () -> kms.updateKeyDescription(r -> r.keyId(k.keyId()).description("d")));
        assertPendingDeletionRejects(k, () -> kms.enableKey(r -> r.keyId(k.keyId())));
        assertPendingDeletionRejects(k, () -> kms.disableKey(r -> r.keyId(k.keyId())));
        assertThat(f.describeKey(k.keyId()).description()).isEqualTo("test key");
    }

    @Test
    void readOps_onPendingDeletionKey_succeed() {
        KeyMetadata k = key();
        String alias = "alias/" + unique("read");
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(k.keyId()));
        kms.tagResource(r -> r.keyId(k.keyId()).tags(t -> t.tagKey("a").tagValue("b")));
        kms.scheduleKeyDeletion(r -> r.keyId(k.keyId()).pendingWindowInDays(7));
        assertThat(kms.listAliases(r -> r.keyId(k.keyId())).aliases()).extracting(AliasListEntry::aliasName).containsExactly(alias);
        assertThat(kms.listResourceTags(r -> r.keyId(k.keyId())).tags()).hasSize(1);
        kms.deleteAlias(r -> r.aliasName(alias));
        assertThat(kms.listAliases(r -> r.keyId(k.keyId())).aliases()).isEmpty();
    }

    @Test
    void managementOps_onEnabledAndDisabledKeys_succeed() {
        for (KeyMetadata k : List.of(key(), disabledKey())) {
            String alias = "alias/" + unique("ok");
            kms.createAlias(r -> r.aliasName(alias).targetKeyId(k.keyId()));
            kms.tagResource(r -> r.keyId(k.keyId()).tags(t -> t.tagKey("a").tagValue("b")));
            kms.untagResource(r -> r.keyId(k.keyId()).tagKeys("a"));
            kms.updateKeyDescription(r -> r.keyId(k.keyId()).description("changed"));
            assertThat(f.describeKey(alias).description()).isEqualTo("changed");
        }
    }

    @Test
    void enableAndDisableKey_toggleState() {
        KeyMetadata k = key();
        kms.disableKey(r -> r.keyId(k.keyId()));
        assertThat(f.keyState(k.keyId())).isEqualTo(KeyState.DISABLED);
        kms.disableKey(r -> r.keyId(k.keyId()));
        kms.enableKey(r -> r.keyId(k.keyId()));
        assertThat(f.keyState(k.keyId())).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void importAndKeyAgreementOps_notEmulated_answer400UnknownOperation() {
        // grants and key policies are implemented now (KmsPoliciesAndGrantsIT); operations the emulator still does not
        // implement must answer 400 (never 5xx).
        KeyMetadata k = key();
        assertAwsError(() -> kms.getParametersForImport(r -> r.keyId(k.keyId()).wrappingAlgorithm("RSAES_OAEP_SHA_256")
                .wrappingKeySpec("RSA_2048")), "UnknownOperationException", "GetParametersForImport");
        assertAwsError(() -> kms.deriveSharedSecret(r -> r.keyId(k.keyId()).keyAgreementAlgorithm("ECDH")
                .publicKey(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[91]))), "UnknownOperationException", "DeriveSharedSecret");
    }
}
