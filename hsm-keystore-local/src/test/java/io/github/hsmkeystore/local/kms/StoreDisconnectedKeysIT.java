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
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

/** What happens to the keys of a disconnected store (aws-semantics 2.6, 3.7 column Unavailable). One store per test. */
class StoreDisconnectedKeysIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = KmsFixture.manualClockEmulator();

    private KmsFixture f;
    private KmsClient kms;
    private String storeId;

    @BeforeEach
    void setUp() {
        f = new KmsFixture(local.local());
        kms = f.kms;
        storeId = f.connectedStore();
    }

    @Test
    void disconnectCustomKeyStore_keysBecomeUnavailableExceptPendingDeletion_andReturnAfterReconnect() {
        String enabled = f.createKey(storeId).keyId();
        String disabled = f.createKey(storeId).keyId();
        kms.disableKey(r -> r.keyId(disabled));
        String pending = f.createKey(storeId).keyId();
        kms.scheduleKeyDeletion(r -> r.keyId(pending).pendingWindowInDays(7));

        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        // immediately (already while DISCONNECTING)
        assertThat(f.keyState(enabled)).isEqualTo(KeyState.UNAVAILABLE);
        f.step();
        KeyMetadata m = f.describeKey(enabled);
        assertThat(m.keyState()).isEqualTo(KeyState.UNAVAILABLE);
        assertThat(m.enabled()).isFalse();
        assertThat(f.keyState(disabled)).isEqualTo(KeyState.UNAVAILABLE);
        assertThat(f.keyState(pending)).isEqualTo(KeyState.PENDING_DELETION);

        f.connect(storeId);
        assertThat(f.keyState(enabled)).isEqualTo(KeyState.ENABLED);
        assertThat(f.keyState(disabled)).isEqualTo(KeyState.DISABLED);
        assertThat(f.keyState(pending)).isEqualTo(KeyState.PENDING_DELETION);
    }

    @Test
    void enableAndDisableKey_whileUnavailable_succeedButApplyOnlyAfterReconnect() {
        String wasEnabled = f.createKey(storeId).keyId();
        String wasDisabled = f.createKey(storeId).keyId();
        kms.disableKey(r -> r.keyId(wasDisabled));
        f.disconnect(storeId);

        kms.disableKey(r -> r.keyId(wasEnabled));
        kms.enableKey(r -> r.keyId(wasDisabled));
        assertThat(f.keyState(wasEnabled)).isEqualTo(KeyState.UNAVAILABLE);
        assertThat(f.keyState(wasDisabled)).isEqualTo(KeyState.UNAVAILABLE);

        f.connect(storeId);
        assertThat(f.keyState(wasEnabled)).isEqualTo(KeyState.DISABLED);
        assertThat(f.keyState(wasDisabled)).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void createKey_whileStoreDisconnected_isCustomKeyStoreInvalidState() {
        f.disconnect(storeId);
        int before = kms.listKeys().keys().size();
        assertAwsError(() -> f.createKey(storeId), "CustomKeyStoreInvalidStateException", "CONNECTED");
        assertThat(kms.listKeys().keys()).hasSize(before);
    }

    @Test
    void cryptoOperations_onUnavailableKey_areKmsInvalidStateIsUnavailable() {
        KeyMetadata key = f.createKey(storeId);
        SdkBytes blob = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("secret"))).ciphertextBlob();
        KeyMetadata other = f.createStandardKey();
        f.disconnect(storeId);
        String unavailable = key.arn() + " is unavailable.";

        assertAwsError(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("x"))),
                "KMSInvalidStateException", unavailable);
        assertAwsError(() -> kms.decrypt(r -> r.ciphertextBlob(blob)), "KMSInvalidStateException", unavailable);
        assertAwsError(() -> kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)),
                "KMSInvalidStateException", unavailable);
        assertAwsError(() -> kms.generateDataKeyWithoutPlaintext(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)),
                "KMSInvalidStateException", unavailable);
        assertAwsError(() -> kms.reEncrypt(r -> r.ciphertextBlob(blob).destinationKeyId(other.keyId())),
                "KMSInvalidStateException", unavailable);
        f.connect(storeId);
        assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String()).isEqualTo("secret");
    }

    @Test
    void cancelKeyDeletion_whileStoreDisconnected_worksAndKeyReturnsDisabled() {
        String keyId = f.createKey(storeId).keyId();
        kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
        f.disconnect(storeId);
        assertThat(f.keyState(keyId)).isEqualTo(KeyState.PENDING_DELETION);
        kms.cancelKeyDeletion(r -> r.keyId(keyId));
        assertThat(f.keyState(keyId)).isEqualTo(KeyState.UNAVAILABLE);
        f.connect(storeId);
        assertThat(f.keyState(keyId)).isEqualTo(KeyState.DISABLED);
    }

    @Test
    void keyManagement_whileUnavailable_stillWorks() {
        String keyId = f.createKey(storeId).keyId();
        f.disconnect(storeId);
        String alias = "alias/" + KmsFixture.unique("unavailable");
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(keyId));
        kms.tagResource(r -> r.keyId(keyId).tags(t -> t.tagKey("team").tagValue("orders")));
        kms.updateKeyDescription(r -> r.keyId(keyId).description("still manageable"));
        assertThat(f.describeKey(alias).description()).isEqualTo("still manageable");
        assertThat(kms.listResourceTags(r -> r.keyId(keyId)).tags()).extracting(t -> Map.entry(t.tagKey(), t.tagValue()))
                .containsExactly(Map.entry("team", "orders"));
        kms.untagResource(r -> r.keyId(keyId).tagKeys("team"));
        assertThat(kms.listResourceTags(r -> r.keyId(keyId)).tags()).isEmpty();
        kms.deleteAlias(r -> r.aliasName(alias));
        assertThat(kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7)).keyState())
                .isEqualTo(KeyState.PENDING_DELETION);
    }

    @Test
    void cancelKeyDeletion_onUnavailableKeyNotPending_isKmsInvalidStateNotPendingDeletion() {
        KeyMetadata key = f.createKey(storeId);
        f.disconnect(storeId);
        assertAwsError(() -> kms.cancelKeyDeletion(r -> r.keyId(key.keyId())), "KMSInvalidStateException",
                key.arn() + " is not pending deletion");
    }

    @Test
    void generateRandom_withDisconnectedStoreId_isCustomKeyStoreInvalidState() {
        f.disconnect(storeId);
        assertAwsError(() -> kms.generateRandom(r -> r.numberOfBytes(8).customKeyStoreId(storeId)),
                "CustomKeyStoreInvalidStateException", "DISCONNECTED");
        assertThat(kms.generateRandom(r -> r.numberOfBytes(8)).plaintext().asByteArray()).hasSize(8);
    }
}
