package io.github.hsmkeystore.local.kms;

import static io.github.hsmkeystore.local.kms.KmsFixture.assertAwsError;
import static io.github.hsmkeystore.local.kms.KmsFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/** Aliases (aws-semantics 3.5) on CloudHSM-store keys. One CONNECTED store per class. */
class KmsAliasIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = KmsFixture.manualClockEmulator();
    private static String storeId;

    private KmsFixture f;
    private KmsClient kms;
    private KeyMetadata key;
    private String alias;

    @BeforeEach
    void setUp() {
        f = new KmsFixture(local.local());
        kms = f.kms;
        if (storeId == null) {
            storeId = f.connectedStore();
        }
        key = f.createKey(storeId);
        alias = "alias/" + unique("orders");
    }

    private List<String> aliasNames() {
        return kms.listAliases(r -> r.limit(100)).aliases().stream().map(AliasListEntry::aliasName).toList();
    }

    @Test
    void createAlias_byKeyIdOrArn_isListedWithArnTargetAndDates() {
        Instant before = local.local().now().minusSeconds(2);
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.arn()));
        AliasListEntry e = kms.listAliases(r -> r.keyId(key.keyId())).aliases().get(0);
        assertThat(e.aliasName()).isEqualTo(alias);
        assertThat(e.aliasArn()).isEqualTo("arn:aws:kms:" + local.local().region().id() + ":" + local.local().accountId() + ":" + alias);
        assertThat(e.targetKeyId()).isEqualTo(key.keyId());
        assertThat(e.creationDate()).isAfter(before);
        assertThat(e.lastUpdatedDate()).isAfter(before);
        String second = "alias/" + unique("by-id");
        kms.createAlias(r -> r.aliasName(second).targetKeyId(key.keyId()));
        assertThat(f.describeKey(second).keyId()).isEqualTo(key.keyId());
        assertThat(f.describeKey(e.aliasArn()).keyId()).isEqualTo(key.keyId());
    }

    @Test
    void createAlias_withoutAliasPrefix_isValidationErrorWithDocumentedText() {
        assertAwsError(() -> kms.createAlias(r -> r.aliasName("orders").targetKeyId(key.keyId())), "ValidationException",
                "Alias must start with the prefix \"alias/\"");
        assertThat(aliasNames()).doesNotContain("orders");
    }

    @Test
    void createAlias_reservedAwsPrefix_isRejected() {
        // aws-semantics 3.5: the error code is UNVERIFIED; the emulator chose NotAuthorizedException (moto's choice)
        assertAwsError(() -> kms.createAlias(r -> r.aliasName("alias/aws/mine").targetKeyId(key.keyId())),
                "NotAuthorizedException", "alias/aws/");
        assertThat(aliasNames()).doesNotContain("alias/aws/mine");
    }

    @Test
    void createAlias_invalidCharacters_isInvalidAliasName() {
        for (String bad : List.of("alias/with:colon", "alias/with space", "alias/ümlaut")) {
            assertAwsError(() -> kms.createAlias(r -> r.aliasName(bad).targetKeyId(key.keyId())), "InvalidAliasNameException", bad);
        }
        kms.createAlias(r -> r.aliasName(alias + "/Sub_dir-1").targetKeyId(key.keyId()));
    }

    @Test
    void createAlias_existingName_isAlreadyExistsWithAliasArn() {
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
        KeyMetadata other = f.createKey(storeId);
        assertAwsError(() -> kms.createAlias(r -> r.aliasName(alias).targetKeyId(other.keyId())), "AlreadyExistsException",
                "An alias with the name arn:aws:kms:" + local.local().region().id() + ":" + local.local().accountId() + ":" + alias
                        + " already exists");
        assertThat(f.describeKey(alias).keyId()).isEqualTo(key.keyId());
    }

    @Test
    void createAlias_namesDifferingInCase_areDistinct() {
        String upper = alias.replace("orders", "ORDERS");
        KeyMetadata other = f.createKey(storeId);
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
        kms.createAlias(r -> r.aliasName(upper).targetKeyId(other.keyId()));
        assertThat(f.describeKey(upper).keyId()).isEqualTo(other.keyId());
        assertThat(f.describeKey(alias).keyId()).isEqualTo(key.keyId());
    }

    @Test
    void createAlias_fiftyFirstAliasOfAKey_isLimitExceeded() {
        for (int i = 0; i < 50; i++) {
            String name = alias + "-" + i;
            kms.createAlias(r -> r.aliasName(name).targetKeyId(key.keyId()));
        }
        assertAwsError(() -> kms.createAlias(r -> r.aliasName(alias + "-50").targetKeyId(key.keyId())), "LimitExceededException", "50");
        assertThat(kms.listAliases(r -> r.keyId(key.keyId()).limit(100)).aliases()).hasSize(50);
    }

    @Test
    void createAlias_targetIsAnAlias_isRejected() {
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
        assertAwsError(() -> kms.createAlias(r -> r.aliasName(alias + "-2").targetKeyId(alias)), "ValidationException", "not an alias");
    }

    @Test
    void createAlias_unknownTarget_isNotFound() {
        assertAwsError(() -> kms.createAlias(r -> r.aliasName(alias).targetKeyId("11111111-2222-4333-8444-555555555555")),
                "NotFoundException", "does not exist");
        assertThat(aliasNames()).doesNotContain(alias);
    }

    @Test
    void createAlias_pendingDeletionTarget_isKmsInvalidState() {
        kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
        assertAwsError(() -> kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId())), "KMSInvalidStateException",
                "is pending deletion");
    }

    @Test
    void createAlias_disabledTarget_succeeds() {
        kms.disableKey(r -> r.keyId(key.keyId()));
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
        assertThat(f.describeKey(alias).keyId()).isEqualTo(key.keyId());
    }

    @Test
    void updateAlias_toAnotherStoreKey_repointsForManualRotation() {
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
        KeyMetadata next = f.createKey(storeId);
        kms.updateAlias(r -> r.aliasName(alias).targetKeyId(next.keyId()));
        assertThat(f.describeKey(alias).keyId()).isEqualTo(next.keyId());
        assertThat(kms.encrypt(r -> r.keyId(alias).plaintext(software.amazon.awssdk.core.SdkBytes.fromUtf8String("x"))).keyId())
                .isEqualTo(next.arn());
    }

    @Test
    void updateAlias_sourcePendingDeletion_succeedsButDestinationPendingDeletion_isKmsInvalidState() {
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
        kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
        KeyMetadata next = f.createKey(storeId);
        kms.updateAlias(r -> r.aliasName(alias).targetKeyId(next.keyId()));
        assertThat(f.describeKey(alias).keyId()).isEqualTo(next.keyId());

        KeyMetadata doomed = f.createKey(storeId);
        kms.scheduleKeyDeletion(r -> r.keyId(doomed.keyId()).pendingWindowInDays(7));
        assertAwsError(() -> kms.updateAlias(r -> r.aliasName(alias).targetKeyId(doomed.keyId())), "KMSInvalidStateException",
                doomed.arn() + " is pending deletion");
        assertThat(f.describeKey(alias).keyId()).isEqualTo(next.keyId());
    }

    @Test
    void updateAlias_targetOfDifferentKeyType_isRejected() {
        // aws-semantics 3.5: same key type and usage required; the code is not documented, emulator: ValidationException
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
        KeyMetadata rsa = kms.createKey(r -> r.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata();
        assertAwsError(() -> kms.updateAlias(r -> r.aliasName(alias).targetKeyId(rsa.keyId())), "ValidationException", "same key spec");
        assertThat(f.describeKey(alias).keyId()).isEqualTo(key.keyId());
    }

    @Test
    void updateAlias_unknownAlias_isNotFound() {
        assertAwsError(() -> kms.updateAlias(r -> r.aliasName(alias).targetKeyId(key.keyId())), "NotFoundException", "is not found");
    }

    @Test
    void deleteAlias_removesItAndUnknownAlias_isNotFound() {
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
        kms.deleteAlias(r -> r.aliasName(alias));
        assertThat(aliasNames()).doesNotContain(alias);
        assertAwsError(() -> kms.deleteAlias(r -> r.aliasName(alias)), "NotFoundException", alias);
        assertThat(f.describeKey(key.keyId()).keyId()).isEqualTo(key.keyId());
    }

    @Test
    void createAlias_unavailableTarget_succeeds() {
        String store = f.connectedStore();
        KeyMetadata k = f.createKey(store);
        f.disconnect(store);
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(k.keyId()));
        assertThat(f.describeKey(alias).keyId()).isEqualTo(k.keyId());
        kms.updateAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
        assertThat(f.describeKey(alias).keyId()).isEqualTo(key.keyId());
    }
}
