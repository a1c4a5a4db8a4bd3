package io.github.hsmkeystore.local.internal.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.hsm.HsmNetworkModel;
import io.github.hsmkeystore.local.internal.hsm.InJvmHsmBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The KMS service with its cluster's HSM behind a modelled network hop (recording sleeper, no wall clock): which
 * operations take the hop, and that none takes it while holding the scope's lock.
 */
class KmsNetworkModelTest {
    private static final Scope SCOPE = new Scope("000000000000", "us-east-1");
    private static final String KMSUSER_PASSWORD = "kmsuserPass1";

    private final EmulatorClock clock = new EmulatorClock();
    private final FakeClusterAccess clusters = new FakeClusterAccess();
    private final KmsService kms = new KmsService(clock, clusters, Duration.ZERO);
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<Boolean> underLock = new ArrayList<>();
    private String storeId;

    @BeforeEach
    void setUp() {
        HsmNetworkModel model = new HsmNetworkModel(Duration.ofMillis(3), Duration.ofMillis(1), d -> {
            sleeps.add(d);
            underLock.add(Thread.holdsLock(kms.state(SCOPE)));
        }, () -> 1.0);
        FakeClusterAccess.FakeCluster cluster = clusters.add("cluster-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
                KMSUSER_PASSWORD);
        cluster.backend = model.decorate(new InJvmHsmBackend());
        storeId = call("CreateCustomKeyStore", Json.object().put("CustomKeyStoreName", "store-" + UUID.randomUUID())
                .put("CloudHsmClusterId", cluster.id).put("TrustAnchorCertificate", FakeClusterAccess.TRUST_ANCHOR)
                .put("KeyStorePassword", KMSUSER_PASSWORD)).get("CustomKeyStoreId").asText();
        call("ConnectCustomKeyStore", Json.object().put("CustomKeyStoreId", storeId));
        assertThat(sleeps).as("managing a store does not reach the HSM's key material").isEmpty();
    }

    private ObjectNode call(String operation, ObjectNode body) {
        return kms.handle(SCOPE, operation, new JsonRequest(body));
    }

    private String createKey(boolean inStore) {
        ObjectNode body = Json.object();
        if (inStore) {
            body.put("Origin", "AWS_CLOUDHSM").put("CustomKeyStoreId", storeId);
        }
        return call("CreateKey", body).get("KeyMetadata").get("KeyId").asText();
    }

    private String encrypt(String keyId) {
        return call("Encrypt", Json.object().put("KeyId", keyId).put("Plaintext", Json.base64(new byte[] {1, 2, 3})))
                .get("CiphertextBlob").asText();
    }

    @Test
    void standardKey_createEncryptDecryptDataKey_takeNoHop() {
        String keyId = createKey(false);
        String blob = encrypt(keyId);
        call("Decrypt", Json.object().put("CiphertextBlob", blob));
        call("GenerateDataKey", Json.object().put("KeyId", keyId).put("KeySpec", "AES_256"));

        assertThat(sleeps).isEmpty();
    }

    @Test
    void customStoreKey_createKey_takesOneHopOutsideTheLock() {
        createKey(true);

        assertThat(sleeps).containsExactly(Duration.ofMillis(4));
        assertThat(underLock).containsExactly(false);
    }

    @Test
    void customStoreKey_encryptDecryptDataKeyReEncrypt_takeOneHopPerHsmCallOutsideTheLock() {
        String keyId = createKey(true);
        sleeps.clear();
        underLock.clear();

        String blob = encrypt(keyId);
        call("Decrypt", Json.object().put("CiphertextBlob", blob));
        call("GenerateDataKey", Json.object().put("KeyId", keyId).put("NumberOfBytes", 32));
        call("ReEncrypt", Json.object().put("CiphertextBlob", blob).put("DestinationKeyId", keyId));

        assertThat(sleeps).as("encrypt, decrypt, data key, re-encrypt = decrypt + encrypt").hasSize(5)
                .containsOnly(Duration.ofMillis(4));
        assertThat(underLock).containsOnly(false);
    }

    @Test
    void customStoreKey_describeKey_takesNoHop() {
        String keyId = createKey(true);
        sleeps.clear();

        call("DescribeKey", Json.object().put("KeyId", keyId));

        assertThat(sleeps).isEmpty();
    }

    @Test
    void createKey_storeDisconnectedDuringHop_failsAndDestroysTheNewMaterial() {
        FakeClusterAccess.FakeCluster cluster = clusters.add("cluster-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
                KMSUSER_PASSWORD);
        InJvmHsmBackend inner = new InJvmHsmBackend();
        List<String> handles = new ArrayList<>();
        String[] store = new String[1];
        cluster.backend = new HsmNetworkModel(Duration.ofMillis(1), Duration.ZERO, d -> {
            call("DisconnectCustomKeyStore", Json.object().put("CustomKeyStoreId", store[0]));
        }, () -> 0.0).decorate(new io.github.hsmkeystore.local.internal.hsm.HsmBackend() {
            @Override
            public String generateAesKey(String label) {
                String h = inner.generateAesKey(label);
                handles.add(h);
                return h;
            }

            @Override
            public byte[] encrypt(String handle, byte[] iv, byte[] plaintext, byte[] aad) {
                return inner.encrypt(handle, iv, plaintext, aad);
            }

            @Override
            public byte[] decrypt(String handle, byte[] iv, byte[] ciphertext, byte[] aad) {
                return inner.decrypt(handle, iv, ciphertext, aad);
            }

            @Override
            public void destroyKey(String handle) {
                inner.destroyKey(handle);
            }

            @Override
            public boolean hasKey(String handle) {
                return inner.hasKey(handle);
            }

            @Override
            public String describe() {
                return "recording";
            }
        });
        store[0] = call("CreateCustomKeyStore", Json.object().put("CustomKeyStoreName", "store-" + UUID.randomUUID())
                .put("CloudHsmClusterId", cluster.id).put("TrustAnchorCertificate", FakeClusterAccess.TRUST_ANCHOR)
                .put("KeyStorePassword", KMSUSER_PASSWORD)).get("CustomKeyStoreId").asText();
        call("ConnectCustomKeyStore", Json.object().put("CustomKeyStoreId", store[0]));
        int keysBefore = kms.state(SCOPE).keys.size();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> call("CreateKey", Json.object().put("Origin", "AWS_CLOUDHSM")
                        .put("CustomKeyStoreId", store[0])))
                .isInstanceOfSatisfying(io.github.hsmkeystore.local.internal.AwsException.class, e -> {
                    assertThat(e.type()).isEqualTo("CustomKeyStoreInvalidStateException");
                    assertThat(e.getMessage()).contains("keys can be created only while it is CONNECTED");
                });
        assertThat(handles).hasSize(1);
        assertThat(inner.hasKey(handles.get(0))).as("material of the failed CreateKey destroyed").isFalse();
        assertThat(kms.state(SCOPE).keys).hasSize(keysBefore);
    }
}
