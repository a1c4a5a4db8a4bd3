package io.github.hsmkeystore.local.kms;

import static io.github.hsmkeystore.local.kms.KmsFixture.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

/** Cryptographic operations on CloudHSM-store keys (aws-semantics 3.4, 3.7 crypto row). One CONNECTED store per class. */
class KmsCryptoIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = KmsFixture.manualClockEmulator();
    private static String storeId;

    private KmsFixture f;
    private KmsClient kms;
    private KeyMetadata key;

    @BeforeEach
    void setUp() {
        f = new KmsFixture(local.local());
        kms = f.kms;
        if (storeId == null) {
            storeId = f.connectedStore();
        }
        key = f.createKey(storeId);
    }

    private static SdkBytes bytes(String s) {
        return SdkBytes.fromUtf8String(s);
    }

    private SdkBytes encrypt(KeyMetadata k, String plaintext, Map<String, String> context) {
        return kms.encrypt(r -> r.keyId(k.keyId()).plaintext(bytes(plaintext)).encryptionContext(context)).ciphertextBlob();
    }

    @Test
    void encryptDecrypt_roundTrip_reportsKeyArn() {
        var enc = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("hello")));
        assertThat(enc.keyId()).isEqualTo(key.arn());
        assertThat(enc.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
        var dec = kms.decrypt(r -> r.ciphertextBlob(enc.ciphertextBlob()));
        assertThat(dec.plaintext().asUtf8String()).isEqualTo("hello");
        assertThat(dec.keyId()).isEqualTo(key.arn());
    }

    @Test
    void encrypt_byAliasNameAndAliasArn_usesTargetKey() {
        String alias = "alias/" + KmsFixture.unique("crypto");
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
        String aliasArn = key.arn().replace("key/" + key.keyId(), alias);
        assertThat(kms.encrypt(r -> r.keyId(alias).plaintext(bytes("a"))).keyId()).isEqualTo(key.arn());
        assertThat(kms.encrypt(r -> r.keyId(aliasArn).plaintext(bytes("a"))).keyId()).isEqualTo(key.arn());
    }

    @Test
    void decrypt_withMatchingKeyId_succeedsAndWithOtherKeyId_isIncorrectKey() {
        SdkBytes blob = encrypt(key, "x", Map.of());
        assertThat(kms.decrypt(r -> r.ciphertextBlob(blob).keyId(key.arn())).plaintext().asUtf8String()).isEqualTo("x");
        KeyMetadata other = f.createKey(storeId);
        assertAwsError(() -> kms.decrypt(r -> r.ciphertextBlob(blob).keyId(other.keyId())), "IncorrectKeyException", "key ID");
    }

    @Test
    void decrypt_encryptionContextInAnyOrder_succeeds() {
        java.util.LinkedHashMap<String, String> ab = new java.util.LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        java.util.LinkedHashMap<String, String> ba = new java.util.LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        SdkBytes blob = encrypt(key, "ctx", ab);
        assertThat(kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(ba)).plaintext().asUtf8String()).isEqualTo("ctx");
    }

    @Test
    void decrypt_encryptionContextNotExactlyEqual_isInvalidCiphertext() {
        SdkBytes blob = encrypt(key, "ctx", Map.of("Purpose", "Orders"));
        for (Map<String, String> wrong : java.util.List.of(Map.<String, String>of(), Map.of("purpose", "Orders"),
                Map.of("Purpose", "orders"), Map.of("Purpose", "Orders", "extra", "x"))) {
            assertAwsError(() -> kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(wrong)),
                    "InvalidCiphertextException", "encryption context");
        }
    }

    @Test
    void decrypt_tamperedBlob_isInvalidCiphertext() {
        byte[] blob = encrypt(key, "tamper me", Map.of()).asByteArray();
        blob[blob.length - 1] ^= 0x01;
        assertAwsError(() -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(blob))), "InvalidCiphertextException", "altered");
        assertAwsError(() -> kms.decrypt(r -> r.ciphertextBlob(bytes("not a ciphertext at all, just text that is long enough....."))),
                "InvalidCiphertextException", "invalid");
    }

    @Test
    void decrypt_blobRelabelledToAnotherKeyOfSameStore_isInvalidCiphertext() {
        // ciphertexts bind the KMS key: another key cannot decrypt them even if the blob names it
        KeyMetadata other = f.createKey(storeId);
        byte[] blob = encrypt(key, "bound", Map.of()).asByteArray();
        String text = new String(blob, java.nio.charset.StandardCharsets.ISO_8859_1).replace(key.keyId(), other.keyId());
        byte[] relabelled = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(relabelled).isNotEqualTo(blob);
        assertAwsError(() -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(relabelled))), "InvalidCiphertextException", "invalid");
    }

    @Test
    void encrypt_plaintextOf4096Bytes_succeedsAnd4097_isValidationError() {
        byte[] max = new byte[4096];
        SdkBytes blob = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromByteArray(max))).ciphertextBlob();
        assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asByteArray()).hasSize(4096);
        assertAwsError(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromByteArray(new byte[4097]))),
                "ValidationException", "4096");
    }

    @Test
    void decrypt_ciphertextOver6144Bytes_isValidationError() {
        assertAwsError(() -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(new byte[6145]))), "ValidationException", "6144");
    }

    @Test
    void generateDataKey_exactlyOneOfKeySpecAndNumberOfBytes() {
        assertThat(kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_128)).plaintext().asByteArray()).hasSize(16);
        assertThat(kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)).plaintext().asByteArray()).hasSize(32);
        assertThat(kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(64)).plaintext().asByteArray()).hasSize(64);
        assertAwsError(() -> kms.generateDataKey(r -> r.keyId(key.keyId())), "ValidationException", "number of bytes or key spec");
        assertAwsError(() -> kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(32).keySpec(DataKeySpec.AES_256)),
                "ValidationException", "number of bytes or key spec");
        assertAwsError(() -> kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(1025)), "ValidationException", "1024");
    }

    @Test
    void generateDataKey_ciphertextDecryptsToPlaintext() {
        GenerateDataKeyResponse dk = kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)
                .encryptionContext(Map.of("table", "orders")));
        assertThat(dk.keyId()).isEqualTo(key.arn());
        assertThat(kms.decrypt(r -> r.ciphertextBlob(dk.ciphertextBlob()).encryptionContext(Map.of("table", "orders")))
                .plaintext()).isEqualTo(dk.plaintext());
    }

    @Test
    void generateDataKeyWithoutPlaintext_returnsOnlyCiphertextOfA32ByteKey() {
        var dk = kms.generateDataKeyWithoutPlaintext(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256));
        assertThat(dk.keyId()).isEqualTo(key.arn());
        assertThat(kms.decrypt(r -> r.ciphertextBlob(dk.ciphertextBlob())).plaintext().asByteArray()).hasSize(32);
        assertAwsError(() -> kms.generateDataKeyWithoutPlaintext(r -> r.keyId(key.keyId())), "ValidationException", "key spec");
    }

    @Test
    void reEncrypt_toStandardKey_movesCiphertextWithNewContext() {
        KeyMetadata standard = f.createStandardKey();
        SdkBytes blob = encrypt(key, "move me", Map.of("v", "1"));
        ReEncryptResponse re = kms.reEncrypt(r -> r.ciphertextBlob(blob).sourceEncryptionContext(Map.of("v", "1"))
                .destinationKeyId(standard.keyId()).destinationEncryptionContext(Map.of("v", "2")));
        assertThat(re.sourceKeyId()).isEqualTo(key.arn());
        assertThat(re.keyId()).isEqualTo(standard.arn());
        assertThat(kms.decrypt(r -> r.ciphertextBlob(re.ciphertextBlob()).encryptionContext(Map.of("v", "2"))).plaintext().asUtf8String())
                .isEqualTo("move me");
    }

    @Test
    void reEncrypt_wrongSourceKeyId_isIncorrectKeyAndWrongSourceContext_isInvalidCiphertext() {
        KeyMetadata standard = f.createStandardKey();
        SdkBytes blob = encrypt(key, "x", Map.of("v", "1"));
        assertAwsError(() -> kms.reEncrypt(r -> r.ciphertextBlob(blob).sourceKeyId(standard.keyId()).sourceEncryptionContext(Map.of("v", "1"))
                .destinationKeyId(standard.keyId())), "IncorrectKeyException", "key ID");
        assertAwsError(() -> kms.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(standard.keyId())),
                "InvalidCiphertextException", "encryption context");
    }

    @Test
    void reEncrypt_disabledDestination_isDisabledException() {
        KeyMetadata dest = f.createKey(storeId);
        kms.disableKey(r -> r.keyId(dest.keyId()));
        SdkBytes blob = encrypt(key, "x", Map.of());
        assertAwsError(() -> kms.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(dest.keyId())), "DisabledException",
                dest.arn() + " is disabled.");
    }

    @Test
    void dryRun_onUsableKey_isDryRunOperationException() {
        SdkBytes blob = encrypt(key, "x", Map.of());
        assertAwsError(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("x")).dryRun(true)),
                "DryRunOperationException", "DryRun");
        assertAwsError(() -> kms.decrypt(r -> r.ciphertextBlob(blob).dryRun(true)), "DryRunOperationException", "DryRun");
        assertAwsError(() -> kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256).dryRun(true)),
                "DryRunOperationException", "DryRun");
        assertAwsError(() -> kms.generateDataKeyWithoutPlaintext(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256).dryRun(true)),
                "DryRunOperationException", "DryRun");
        assertAwsError(() -> kms.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(key.keyId()).dryRun(true)),
                "DryRunOperationException", "DryRun");
    }

    @Test
    void dryRun_onDisabledKey_reportsTheRealError() {
        kms.disableKey(r -> r.keyId(key.keyId()));
        assertAwsError(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("x")).dryRun(true)), "DisabledException", "is disabled.");
    }

    @Test
    void cryptoOps_disabledKey_areDisabledException() {
        SdkBytes blob = encrypt(key, "x", Map.of());
        kms.disableKey(r -> r.keyId(key.keyId()));
        String msg = key.arn() + " is disabled.";
        assertAwsError(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("x"))), "DisabledException", msg);
        assertAwsError(() -> kms.decrypt(r -> r.ciphertextBlob(blob)), "DisabledException", msg);
        assertAwsError(() -> kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)), "DisabledException", msg);
        assertAwsError(() -> kms.generateDataKeyWithoutPlaintext(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)),
                "DisabledException", msg);
        assertAwsError(() -> kms.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(f.createStandardKey().keyId())),
                "DisabledException", msg);
    }

    @Test
    void cryptoOps_pendingDeletionKey_areKmsInvalidStatePendingDeletion() {
        SdkBytes blob = encrypt(key, "x", Map.of());
        kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
        String msg = key.arn() + " is pending deletion.";
        assertAwsError(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("x"))), "KMSInvalidStateException", msg);
        assertAwsError(() -> kms.decrypt(r -> r.ciphertextBlob(blob)), "KMSInvalidStateException", msg);
        assertAwsError(() -> kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)), "KMSInvalidStateException", msg);
        assertAwsError(() -> kms.generateDataKeyWithoutPlaintext(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)),
                "KMSInvalidStateException", msg);
        assertAwsError(() -> kms.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(f.createStandardKey().keyId())),
                "KMSInvalidStateException", msg);
    }

    @Test
    void encrypt_unknownKey_isNotFoundWithArn() {
        String id = "11111111-2222-4333-8444-555555555555";
        assertAwsError(() -> kms.encrypt(r -> r.keyId(id).plaintext(bytes("x"))), "NotFoundException",
                "Key '" + key.arn().replace(key.keyId(), id) + "' does not exist");
    }

    @Test
    void encrypt_keyUsageOrAlgorithmMismatch_isInvalidKeyUsage() {
        KeyMetadata rsa = kms.createKey(r -> r.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)).keyMetadata();
        assertAwsError(() -> kms.encrypt(r -> r.keyId(rsa.keyId()).plaintext(bytes("x"))), "InvalidKeyUsageException", "RSA_2048");
        assertAwsError(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("x"))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)), "InvalidKeyUsageException", "RSAES_OAEP_SHA_256");
    }

    @Test
    void encrypt_moreThanTenGrantTokens_isValidationError() {
        assertAwsError(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(bytes("x"))
                .grantTokens("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11")), "ValidationException", "grantTokens");
    }

    @Test
    void encrypt_keysOfTwoStoresAreNotInteroperable() {
        String otherStore = f.connectedStore();
        KeyMetadata other = f.createKey(otherStore);
        SdkBytes blob = encrypt(key, "x", Map.of());
        assertAwsError(() -> kms.decrypt(r -> r.ciphertextBlob(blob).keyId(other.keyId())), "IncorrectKeyException", "key ID");
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(otherStore));
    }

    @Test
    void cryptoOps_connectedStoreButClusterHasNoActiveHsm_isKmsInvalidStateAndKeyStaysEnabled() {
        String clusterId = f.activeCluster();
        String store = f.createStore(clusterId);
        f.connect(store);
        KeyMetadata k = f.createKey(store);
        f.clusters.describe(clusterId).hsms().forEach(h -> local.local().failHsm(clusterId, h.hsmId()));
        assertAwsError(() -> kms.encrypt(r -> r.keyId(k.keyId()).plaintext(bytes("x"))), "KMSInvalidStateException",
                "cannot communicate with your CloudHSM cluster");
        assertThat(f.keyState(k.keyId()).toString()).isEqualTo("Enabled");
        kms.scheduleKeyDeletion(r -> r.keyId(k.keyId()).pendingWindowInDays(7));
    }
}
