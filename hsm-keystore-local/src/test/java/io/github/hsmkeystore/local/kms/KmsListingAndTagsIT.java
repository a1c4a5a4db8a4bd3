package io.github.hsmkeystore.local.kms;

import static io.github.hsmkeystore.local.kms.KmsFixture.assertAwsError;
import static io.github.hsmkeystore.local.kms.KmsFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * List pagination (Limit, NextMarker, Truncated, InvalidMarkerException), tags (TagResource, UntagResource,
 * ListResourceTags and their limits) and the metadata of standard non-symmetric keys, which the emulator accepts so
 * that "only symmetric keys in a custom key store" (aws-semantics 3.1, 6a) is a meaningful rule.
 */
class KmsListingAndTagsIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = KmsFixture.manualClockEmulator();

    private KmsFixture f;
    private KmsClient kms;

    @BeforeEach
    void setUp() {
        f = new KmsFixture(local.local());
        kms = f.kms;
    }

    /** Follows NextMarker until Truncated is false; checks each intermediate page is full and marked truncated. */
    private static <T> List<T> allPages(int limit, Function<String, Page<T>> fetch) {
        List<T> all = new ArrayList<>();
        String marker = null;
        for (int pages = 0; pages < 1_000; pages++) {
            Page<T> page = fetch.apply(marker);
            all.addAll(page.items);
            if (!page.truncated()) {
                assertThat(page.nextMarker).isNull();
                return all;
            }
            assertThat(page.items).hasSize(limit);
            assertThat(page.nextMarker).isNotBlank();
            marker = page.nextMarker;
        }
        throw new AssertionError("more than 1000 pages");
    }

    private record Page<T>(List<T> items, Boolean truncatedFlag, String nextMarker) {
        Page {
            items = List.copyOf(items);
        }

        boolean truncated() {
            return Boolean.TRUE.equals(truncatedFlag);
        }
    }

    // ---- pagination ----

    @Test
    void listKeys_withLimit_pagesThroughEveryKeyOnce() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(f.createStandardKey().keyId());
        }
        int total = kms.listKeys(r -> r.limit(1000)).keys().size();
        List<String> seen = allPages(2, marker -> {
            var out = kms.listKeys(r -> r.limit(2).marker(marker));
            return new Page<>(out.keys().stream().map(KeyListEntry::keyId).toList(), out.truncated(), out.nextMarker());
        });
        assertThat(seen).doesNotHaveDuplicates().hasSize(total).containsAll(created);
    }

    @Test
    void listKeys_invalidMarker_isInvalidMarkerException() {
        assertAwsError(() -> kms.listKeys(r -> r.marker("not-a-marker")), "InvalidMarkerException", "not-a-marker");
    }

    @Test
    void listKeys_limitOutsideOneToThousand_isValidationException() {
        assertAwsError(() -> kms.listKeys(r -> r.limit(0)), "ValidationException", "limit");
        assertAwsError(() -> kms.listKeys(r -> r.limit(1001)), "ValidationException", "limit");
    }

    @Test
    void listAliases_forOneKeyWithLimit_pagesThroughItsAliasesOnly() {
        KeyMetadata key = f.createStandardKey();
        KeyMetadata other = f.createStandardKey();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "alias/" + unique("page");
            kms.createAlias(r -> r.aliasName(name).targetKeyId(key.keyId()));
            names.add(name);
        }
        kms.createAlias(r -> r.aliasName("alias/" + unique("other")).targetKeyId(other.keyId()));
        List<AliasListEntry> seen = allPages(1, marker -> {
            var out = kms.listAliases(r -> r.keyId(key.arn()).limit(1).marker(marker));
            return new Page<>(out.aliases(), out.truncated(), out.nextMarker());
        });
        assertThat(seen).extracting(AliasListEntry::aliasName).containsExactlyInAnyOrderElementsOf(names);
        assertThat(seen).allSatisfy(a -> {
            assertThat(a.targetKeyId()).isEqualTo(key.keyId());
            assertThat(a.aliasArn()).isEqualTo(key.arn().replace("key/" + key.keyId(), a.aliasName()));
        });
    }

    @Test
    void listAliases_unknownKeyId_isNotFound() {
        String unknown = java.util.UUID.randomUUID().toString();
        assertAwsError(() -> kms.listAliases(r -> r.keyId(unknown)), "NotFoundException", unknown);
    }

    @Test
    void listResourceTags_withLimit_pagesThroughEveryTag() {
        KeyMetadata key = f.createStandardKey();
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            tags.add(Tag.builder().tagKey("k" + i).tagValue("v" + i).build());
        }
        kms.tagResource(r -> r.keyId(key.keyId()).tags(tags));
        List<Tag> seen = allPages(3, marker -> {
            var out = kms.listResourceTags(r -> r.keyId(key.keyId()).limit(3).marker(marker));
            return new Page<>(out.tags(), out.truncated(), out.nextMarker());
        });
        assertThat(seen).containsExactlyInAnyOrderElementsOf(tags);
    }

    @Test
    void describeCustomKeyStores_withLimit_pagesThroughEveryStore() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(f.createStore(f.activeCluster()));
        }
        int total = kms.describeCustomKeyStores().customKeyStores().size();
        List<String> seen = allPages(2, marker -> {
            var out = kms.describeCustomKeyStores(r -> r.limit(2).marker(marker));
            return new Page<>(out.customKeyStores().stream().map(CustomKeyStoresListEntry::customKeyStoreId).toList(),
                    out.truncated(), out.nextMarker());
        });
        assertThat(seen).doesNotHaveDuplicates().hasSize(total).containsAll(created);
        String missing = unique("no-such-store");
        assertAwsError(() -> kms.describeCustomKeyStores(r -> r.customKeyStoreName(missing)), "CustomKeyStoreNotFoundException", missing);
    }

    // ---- tags ----

    private List<Tag> tagsOf(KeyMetadata key) {
        return kms.listResourceTags(r -> r.keyId(key.keyId()).limit(50)).tags();
    }

    @Test
    void tagResource_existingTagKey_replacesValueAndUntagUnknownKey_isNoOp() {
        KeyMetadata key = f.createStandardKey();
        kms.tagResource(r -> r.keyId(key.keyId()).tags(t -> t.tagKey("team").tagValue("orders")));
        kms.tagResource(r -> r.keyId(key.arn()).tags(t -> t.tagKey("team").tagValue("billing"), t -> t.tagKey("env").tagValue("")));
        assertThat(tagsOf(key)).extracting(Tag::tagKey, Tag::tagValue)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("team", "billing"), org.assertj.core.groups.Tuple.tuple("env", ""));
        kms.untagResource(r -> r.keyId(key.keyId()).tagKeys("team", "never-set"));
        assertThat(tagsOf(key)).extracting(Tag::tagKey).containsExactly("env");
    }

    @Test
    void tagResource_beyondFiftyTags_isTagExceptionAndAddsNone() {
        KeyMetadata key = f.createStandardKey();
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < 49; i++) {
            tags.add(Tag.builder().tagKey("k" + i).tagValue("v").build());
        }
        kms.tagResource(r -> r.keyId(key.keyId()).tags(tags));
        assertAwsError(() -> kms.tagResource(r -> r.keyId(key.keyId())
                .tags(t -> t.tagKey("x1").tagValue("v"), t -> t.tagKey("x2").tagValue("v"))), "TagException", "50 tags");
        assertThat(tagsOf(key)).hasSize(49);
        // replacing the value of an existing tag does not count as a new one
        kms.tagResource(r -> r.keyId(key.keyId()).tags(t -> t.tagKey("k0").tagValue("changed"), t -> t.tagKey("x1").tagValue("v")));
        assertThat(tagsOf(key)).hasSize(50);
    }

    @Test
    void tagResource_reservedAwsPrefixOrOversizedKey_isRejectedAndAddsNone() {
        KeyMetadata key = f.createStandardKey();
        assertAwsError(() -> kms.tagResource(r -> r.keyId(key.keyId())
                .tags(t -> t.tagKey("ok").tagValue("v"), t -> t.tagKey("aws:owner").tagValue("v"))), "TagException", "aws:");
        assertAwsError(() -> kms.tagResource(r -> r.keyId(key.keyId()).tags(t -> t.tagKey("k".repeat(129)).tagValue("v"))),
                "ValidationException", "tagKey");
        assertAwsError(() -> kms.tagResource(r -> r.keyId(key.keyId()).tags(t -> t.tagKey("k").tagValue("v".repeat(257)))),
                "ValidationException", "tagValue");
        assertThat(tagsOf(key)).isEmpty();
    }

    @Test
    void tagResource_unknownKey_isNotFound() {
        String unknown = java.util.UUID.randomUUID().toString();
        assertAwsError(() -> kms.tagResource(r -> r.keyId(unknown).tags(t -> t.tagKey("a").tagValue("b"))), "NotFoundException", unknown);
    }

    // ---- standard keys that are not symmetric encryption keys (metadata only) ----

    @Test
    void createKey_standardRsaSigningKey_hasSigningAlgorithmsAndCryptoIsInvalidKeyUsage() {
        KeyMetadata rsa = kms.createKey(r -> r.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata();
        assertThat(rsa.keySpec()).isEqualTo(KeySpec.RSA_2048);
        assertThat(rsa.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
        assertThat(rsa.signingAlgorithmsAsStrings()).contains("RSASSA_PSS_SHA_256", "RSASSA_PKCS1_V1_5_SHA_256");
        assertThat(rsa.encryptionAlgorithms()).isEmpty();
        assertThat(rsa.customKeyStoreId()).isNull();
        assertAwsError(() -> kms.encrypt(r -> r.keyId(rsa.keyId()).plaintext(SdkBytes.fromUtf8String("x"))),
                "InvalidKeyUsageException", "RSA_2048");
    }

    @Test
    void createKey_standardHmacKey_hasMacAlgorithmAndDataKeyIsInvalidKeyUsage() {
        KeyMetadata hmac = kms.createKey(r -> r.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata();
        assertThat(hmac.macAlgorithmsAsStrings()).containsExactly("HMAC_SHA_256");
        assertThat(hmac.encryptionAlgorithms()).isEmpty();
        assertAwsError(() -> kms.generateDataKey(r -> r.keyId(hmac.keyId()).keySpec(DataKeySpec.AES_256)),
                "InvalidKeyUsageException", "HMAC_256");
    }

    @Test
    void createKey_standardEccKeyAgreementKey_hasEcdh() {
        KeyMetadata ecc = kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.KEY_AGREEMENT)).keyMetadata();
        assertThat(ecc.keyAgreementAlgorithmsAsStrings()).containsExactly("ECDH");
        assertThat(ecc.signingAlgorithms()).isEmpty();
    }

    @Test
    void createKey_keyUsageIncompatibleWithKeySpec_isValidationExceptionAndCreatesNothing() {
        int before = kms.listKeys(r -> r.limit(1000)).keys().size();
        assertAwsError(() -> kms.createKey(r -> r.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)),
                "ValidationException", "HMAC_256");
        assertAwsError(() -> kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256)), "ValidationException", "ECC_NIST_P256");
        assertThat(kms.listKeys(r -> r.limit(1000)).keys()).hasSize(before);
    }

    @Test
    void enableKeyRotation_asymmetricStandardKey_isUnsupportedOperation() {
        KeyMetadata rsa = kms.createKey(r -> r.keySpec(KeySpec.RSA_3072).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)).keyMetadata();
        assertAwsError(() -> kms.enableKeyRotation(r -> r.keyId(rsa.keyId())), "UnsupportedOperationException", "RSA_3072");
        assertAwsError(() -> kms.getKeyRotationStatus(r -> r.keyId(rsa.keyId())), "UnsupportedOperationException", "RSA_3072");
    }
}
