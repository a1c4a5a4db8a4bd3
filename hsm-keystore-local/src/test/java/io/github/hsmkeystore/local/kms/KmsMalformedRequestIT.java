package io.github.hsmkeystore.local.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/** KMS requests no SDK would send: each gets an AWS-shaped 4xx error (never 5xx) and changes no state. */
class KmsMalformedRequestIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = KmsFixture.manualClockEmulator();
    private static String storeId;
    private static String clusterId;

    private final HttpClient http = HttpClient.newHttpClient();
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

    private HttpResponse<String> post(String operation, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(local.local().endpoint())
                .header("X-Amz-Target", "TrentService." + operation).header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertClientError(HttpResponse<String> r, String type, String fragment) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("\"__type\":\"" + type + "\"").contains("\"message\"").contains(fragment);
    }

    private int keyCount() {
        return kms.listKeys(r -> r.limit(1000)).keys().size();
    }

    private String b64(int bytes) {
        return Base64.getEncoder().encodeToString(new byte[bytes]);
    }

    @Test
    void encrypt_plaintextAsNumber_isSerializationException() throws Exception {
        KeyMetadata k = f.createKey(storeId);
        assertClientError(post("Encrypt", "{\"KeyId\":\"" + k.keyId() + "\",\"Plaintext\":42}"), "SerializationException", "Plaintext");
    }

    @Test
    void encrypt_plaintextNotBase64_isSerializationException() throws Exception {
        KeyMetadata k = f.createKey(storeId);
        assertClientError(post("Encrypt", "{\"KeyId\":\"" + k.keyId() + "\",\"Plaintext\":\"***\"}"), "SerializationException", "Plaintext");
    }

    @Test
    void encrypt_missingKeyIdOrPlaintext_isValidationException() throws Exception {
        KeyMetadata k = f.createKey(storeId);
        assertClientError(post("Encrypt", "{\"Plaintext\":\"" + b64(4) + "\"}"), "ValidationException", "keyId");
        assertClientError(post("Encrypt", "{\"KeyId\":\"" + k.keyId() + "\"}"), "ValidationException", "plaintext");
    }

    @Test
    void encrypt_plaintextOver4096Bytes_isValidationException() throws Exception {
        KeyMetadata k = f.createKey(storeId);
        assertClientError(post("Encrypt", "{\"KeyId\":\"" + k.keyId() + "\",\"Plaintext\":\"" + b64(4097) + "\"}"),
                "ValidationException", "4096");
    }

    @Test
    void decrypt_ciphertextOver6144Bytes_isValidationException() throws Exception {
        assertClientError(post("Decrypt", "{\"CiphertextBlob\":\"" + b64(6145) + "\"}"), "ValidationException", "6144");
    }

    @Test
    void generateDataKey_numberOfBytesAsString_isSerializationException() throws Exception {
        KeyMetadata k = f.createKey(storeId);
        assertClientError(post("GenerateDataKey", "{\"KeyId\":\"" + k.keyId() + "\",\"NumberOfBytes\":\"32\"}"),
                "SerializationException", "NumberOfBytes");
    }

    @Test
    void encrypt_encryptionContextAsList_isSerializationException() throws Exception {
        KeyMetadata k = f.createKey(storeId);
        assertClientError(post("Encrypt", "{\"KeyId\":\"" + k.keyId() + "\",\"Plaintext\":\"" + b64(4)
                + "\",\"EncryptionContext\":[\"a\"]}"), "SerializationException", "EncryptionContext");
    }

    @Test
    void createKey_tagsAsString_isSerializationExceptionAndCreatesNoKey() throws Exception {
        int before = keyCount();
        assertClientError(post("CreateKey", "{\"Origin\":\"AWS_CLOUDHSM\",\"CustomKeyStoreId\":\"" + storeId + "\",\"Tags\":\"x\"}"),
                "SerializationException", "Tags");
        assertThat(keyCount()).isEqualTo(before);
    }

    @Test
    void createKey_unknownKeySpec_isValidationExceptionAndCreatesNoKey() throws Exception {
        int before = keyCount();
        assertClientError(post("CreateKey", "{\"KeySpec\":\"AES_512\"}"), "ValidationException", "keySpec");
        assertThat(keyCount()).isEqualTo(before);
    }

    @Test
    void createCustomKeyStore_nameAsArray_isSerializationExceptionAndCreatesNoStore() throws Exception {
        int before = kms.describeCustomKeyStores().customKeyStores().size();
        assertClientError(post("CreateCustomKeyStore", "{\"CustomKeyStoreName\":[\"x\"],\"CloudHsmClusterId\":\"" + clusterId
                + "\",\"KeyStorePassword\":\"password1\",\"TrustAnchorCertificate\":\"pem\"}"), "SerializationException", "CustomKeyStoreName");
        assertClientError(post("CreateCustomKeyStore", "{}"), "ValidationException", "customKeyStoreName");
        assertThat(kms.describeCustomKeyStores().customKeyStores()).hasSize(before);
    }

    @Test
    void scheduleKeyDeletion_windowAsString_isSerializationExceptionAndKeyStaysEnabled() throws Exception {
        KeyMetadata k = f.createKey(storeId);
        assertClientError(post("ScheduleKeyDeletion", "{\"KeyId\":\"" + k.keyId() + "\",\"PendingWindowInDays\":\"7\"}"),
                "SerializationException", "PendingWindowInDays");
        assertThat(f.keyState(k.keyId()).toString()).isEqualTo("Enabled");
    }

    @Test
    void createAlias_missingTargetKeyId_isValidationExceptionAndCreatesNoAlias() throws Exception {
        assertClientError(post("CreateAlias", "{\"AliasName\":\"alias/malformed\"}"), "ValidationException", "targetKeyId");
        assertThat(kms.listAliases().aliases()).noneMatch(a -> a.aliasName().equals("alias/malformed"));
    }

    @Test
    void connectCustomKeyStore_idAsNumber_isSerializationExceptionAndStateUnchanged() throws Exception {
        assertClientError(post("ConnectCustomKeyStore", "{\"CustomKeyStoreId\":7}"), "SerializationException", "CustomKeyStoreId");
        assertClientError(post("DisconnectCustomKeyStore", "{}"), "ValidationException", "customKeyStoreId");
        assertThat(f.state(storeId).toString()).isEqualTo("CONNECTED");
    }

    @Test
    void bodyNotJson_isSerializationException() throws Exception {
        HttpResponse<String> r = post("ListKeys", "{not json");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("SerializationException");
    }

    @Test
    void unimplementedKmsOperation_is400UnknownOperation() throws Exception {
        assertClientError(post("ReplicateKey", "{}"), "UnknownOperationException", "ReplicateKey");
    }

    @Test
    void modelMembersNotImplemented_are400NamingTheMember() throws Exception {
        KeyMetadata k = f.createStandardKey();
        assertClientError(post("Decrypt", "{\"CiphertextBlob\":\"" + b64(64) + "\",\"Recipient\":{\"KeyEncryptionAlgorithm\":"
                + "\"RSAES_OAEP_SHA_256\"}}"), "UnsupportedOperationException", "Recipient");
        assertClientError(post("Decrypt", "{\"CiphertextBlob\":\"" + b64(64) + "\",\"DryRunModifiers\":[\"IGNORE_CIPHERTEXT\"]}"),
                "UnsupportedOperationException", "DryRunModifiers");
        assertClientError(post("GenerateRandom", "{\"NumberOfBytes\":8,\"Recipient\":{}}"), "UnsupportedOperationException", "Recipient");
        assertClientError(post("CreateKey", "{\"XksKeyId\":\"abc\"}"), "UnsupportedOperationException", "XksKeyId");
        assertClientError(post("Encrypt", "{\"KeyId\":\"" + k.keyId() + "\",\"Plaintext\":\"" + b64(4)
                + "\",\"GrantTokens\":[\"no-such-token\"]}"), "InvalidGrantTokenException", "grant token");
        assertClientError(post("Encrypt", "{\"KeyId\":\"" + k.keyId() + "\",\"Plaintext\":\"" + b64(4)
                + "\",\"DryRun\":true}"), "DryRunOperationException", "DryRun");
    }

    @Test
    void encrypt_emptyPlaintextOrEmptyKeyId_isValidationException() throws Exception {
        KeyMetadata k = f.createKey(storeId);
        assertClientError(post("Encrypt", "{\"KeyId\":\"" + k.keyId() + "\",\"Plaintext\":\"\"}"), "ValidationException", "plaintext");
        assertClientError(post("Encrypt", "{\"KeyId\":\"\",\"Plaintext\":\"" + b64(4) + "\"}"), "ValidationException", "keyId");
        assertClientError(post("DescribeKey", "{\"KeyId\":\"" + "k".repeat(2049) + "\"}"), "ValidationException", "keyId");
    }

    @Test
    void generateDataKeyAndGenerateRandom_numberOfBytesOutsideOneTo1024_isValidationException() throws Exception {
        KeyMetadata k = f.createKey(storeId);
        assertClientError(post("GenerateDataKey", "{\"KeyId\":\"" + k.keyId() + "\",\"NumberOfBytes\":0}"), "ValidationException", "numberOfBytes");
        assertClientError(post("GenerateDataKeyWithoutPlaintext", "{\"KeyId\":\"" + k.keyId() + "\",\"NumberOfBytes\":1025}"),
                "ValidationException", "numberOfBytes");
        assertClientError(post("GenerateRandom", "{\"NumberOfBytes\":0}"), "ValidationException", "numberOfBytes");
        assertClientError(post("GenerateRandom", "{\"NumberOfBytes\":1025}"), "ValidationException", "numberOfBytes");
        assertClientError(post("GenerateDataKey", "{\"KeyId\":\"" + k.keyId() + "\",\"NumberOfBytes\":16,\"KeySpec\":\"AES_128\"}"),
                "ValidationException", "number of bytes or key spec");
    }

    @Test
    void createKey_descriptionOver8192Characters_isValidationExceptionAndCreatesNoKey() throws Exception {
        int before = keyCount();
        assertClientError(post("CreateKey", "{\"Description\":\"" + "d".repeat(8193) + "\"}"), "ValidationException", "description");
        assertClientError(post("CreateKey", "{\"MultiRegion\":\"yes\"}"), "SerializationException", "MultiRegion");
        assertThat(keyCount()).isEqualTo(before);
    }

    @Test
    void createCustomKeyStore_trustAnchorOver5000CharactersOrPasswordAsNumber_isRejectedAndCreatesNoStore() throws Exception {
        int before = kms.describeCustomKeyStores().customKeyStores().size();
        String name = KmsFixture.unique("malformed");
        assertClientError(post("CreateCustomKeyStore", "{\"CustomKeyStoreName\":\"" + name + "\",\"CloudHsmClusterId\":\"" + clusterId
                + "\",\"KeyStorePassword\":\"password1\",\"TrustAnchorCertificate\":\"" + "p".repeat(5001) + "\"}"),
                "ValidationException", "trustAnchorCertificate");
        assertClientError(post("CreateCustomKeyStore", "{\"CustomKeyStoreName\":\"" + name + "\",\"CloudHsmClusterId\":\"" + clusterId
                + "\",\"KeyStorePassword\":12345678,\"TrustAnchorCertificate\":\"pem\"}"), "SerializationException", "KeyStorePassword");
        assertThat(kms.describeCustomKeyStores().customKeyStores()).hasSize(before);
    }

    @Test
    void updateCustomKeyStore_wrongTypesOrShortPassword_isRejectedAndStoreUnchanged() throws Exception {
        String nameBefore = f.describeStore(storeId).customKeyStoreName();
        assertClientError(post("UpdateCustomKeyStore", "{\"CustomKeyStoreId\":\"" + storeId + "\",\"NewCustomKeyStoreName\":[\"x\"]}"),
                "SerializationException", "NewCustomKeyStoreName");
        HttpResponse<String> shortPassword = post("UpdateCustomKeyStore", "{\"CustomKeyStoreId\":\"" + storeId
                + "\",\"NewCustomKeyStoreName\":\"renamed\",\"KeyStorePassword\":\"short1\"}");
        assertClientError(shortPassword, "ValidationException", "keyStorePassword");
        assertThat(shortPassword.body()).doesNotContain("short1");
        assertThat(f.describeStore(storeId).customKeyStoreName()).isEqualTo(nameBefore);
        assertThat(f.state(storeId).toString()).isEqualTo("CONNECTED");
    }

    @Test
    void tagResource_tagsNotAListOfStructures_isSerializationExceptionAndAddsNoTag() throws Exception {
        KeyMetadata k = f.createKey(storeId);
        assertClientError(post("TagResource", "{\"KeyId\":\"" + k.keyId() + "\",\"Tags\":{\"TagKey\":\"a\"}}"), "SerializationException", "Tags");
        assertClientError(post("TagResource", "{\"KeyId\":\"" + k.keyId() + "\",\"Tags\":[\"a\"]}"), "SerializationException", "Tags");
        assertClientError(post("TagResource", "{\"KeyId\":\"" + k.keyId() + "\",\"Tags\":[{\"TagKey\":\"a\"}]}"),
                "ValidationException", "tagValue");
        assertClientError(post("TagResource", "{\"KeyId\":\"" + k.keyId() + "\"}"), "ValidationException", "tags");
        assertClientError(post("UntagResource", "{\"KeyId\":\"" + k.keyId() + "\"}"), "ValidationException", "tagKeys");
        assertThat(kms.listResourceTags(r -> r.keyId(k.keyId())).tags()).isEmpty();
    }

    @Test
    void createAlias_nameOver256Characters_isValidationExceptionAndCreatesNoAlias() throws Exception {
        KeyMetadata k = f.createKey(storeId);
        String longName = "alias/" + "a".repeat(251);
        assertClientError(post("CreateAlias", "{\"AliasName\":\"" + longName + "\",\"TargetKeyId\":\"" + k.keyId() + "\"}"),
                "ValidationException", "aliasName");
        assertThat(kms.listAliases(r -> r.keyId(k.keyId())).aliases()).isEmpty();
    }

    @Test
    void disableKeyAndRotation_wrongMemberTypes_isSerializationExceptionAndKeyUnchanged() throws Exception {
        KeyMetadata k = f.createStandardKey();
        assertClientError(post("DisableKey", "{\"KeyId\":[\"" + k.keyId() + "\"]}"), "SerializationException", "KeyId");
        assertClientError(post("EnableKeyRotation", "{\"KeyId\":\"" + k.keyId() + "\",\"RotationPeriodInDays\":\"90\"}"),
                "SerializationException", "RotationPeriodInDays");
        assertClientError(post("ListAliases", "{\"Limit\":true}"), "SerializationException", "Limit");
        assertThat(f.keyState(k.keyId()).toString()).isEqualTo("Enabled");
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(k.keyId())).keyRotationEnabled()).isFalse();
    }
}
