package io.github.hsmkeystore.clientside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.OriginType;

/** Each named failure, on a fresh emulator per test (the key and store states change). */
class FailuresIT {
    private static final String CARD = "4111111111111111";

    @RegisterExtension
    final LocalHsmKeyStoreExtension emulator = LocalHsmKeyStoreExtension.create(b -> b.transitionDelay(Duration.ofMillis(20)));

    @TempDir
    Path caDir;

    private void awaitState(KmsClient kms, String storeId, ConnectionStateType state) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (kms.describeCustomKeyStores(r -> r.customKeyStoreId(storeId)).customKeyStores().get(0).connectionState() == state) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("store " + storeId + " never " + state);
    }

    @Test
    void put_keyStoreDisconnected_keyStoreDisconnectedException() throws InterruptedException {
        LocalHsmKeyStore local = emulator.local();
        KmsKey key = ClientSideFixture.cloudHsmKey(local, caDir, ClientSideFixture.unique("dis"));
        try (ClientSideTable<Card> cards = ClientSideFixture.encryption(local, key, Keyring.kms())
                .table(ClientSideFixture.unique("cards"), Card.class, d -> d.algorithmSuite(AlgorithmSuite.SYMMETRIC_SIGNATURE_ONLY))) {
            cards.put(new Card("d1", CARD, "Ada", null));
            local.kmsClient().disconnectCustomKeyStore(r -> r.customKeyStoreId(key.customKeyStoreId().orElseThrow()));
            awaitState(local.kmsClient(), key.customKeyStoreId().orElseThrow(), ConnectionStateType.DISCONNECTED);

            assertThatThrownBy(() -> cards.put(new Card("d2", CARD, "Ada", null)))
                    .isInstanceOf(KeyStoreDisconnectedException.class).hasMessageContaining("ConnectCustomKeyStore")
                    .hasMessageContaining(key.customKeyStoreId().orElseThrow()).hasMessageNotContaining(CARD);
            assertThatThrownBy(() -> cards.get(Key.builder().partitionValue("d1").build()))
                    .isInstanceOf(KeyStoreDisconnectedException.class).hasMessageContaining("get on");
        }
    }

    @Test
    void put_keyDisabled_kmsKeyDisabledException() {
        LocalHsmKeyStore local = emulator.local();
        KmsKey key = ClientSideFixture.cloudHsmKey(local, caDir, ClientSideFixture.unique("dsb"));
        try (ClientSideTable<Card> cards = ClientSideFixture.encryption(local, key, Keyring.kms())
                .table(ClientSideFixture.unique("cards"), Card.class, d -> d.algorithmSuite(AlgorithmSuite.SYMMETRIC_SIGNATURE_ONLY))) {
            local.kmsClient().disableKey(r -> r.keyId(key.arn()));
            assertThatThrownBy(() -> cards.put(new Card("k1", CARD, "Ada", null)))
                    .isInstanceOf(KmsKeyDisabledException.class).hasMessageContaining("EnableKey")
                    .hasMessageContaining(key.arn());
        }
    }

    @Test
    void put_branchKeyMissing_branchKeyMissingException() {
        LocalHsmKeyStore local = emulator.local();
        KmsKey key = ClientSideFixture.cloudHsmKey(local, caDir, ClientSideFixture.unique("bkm"));
        BranchKeyStore store = BranchKeyStore.open(ClientSideFixture.tables(local), local.dynamoDbClient(), local.kmsClient(),
                ClientSideFixture.unique("branch-keys"), key);
        try (ClientSideTable<Card> cards = ClientSideFixture.encryption(local, key,
                        Keyring.hierarchical(store, "no-such-branch-key", Duration.ofMinutes(1)))
                .table(ClientSideFixture.unique("cards"), Card.class, d -> d.algorithmSuite(AlgorithmSuite.SYMMETRIC_SIGNATURE_ONLY))) {
            assertThatThrownBy(() -> cards.put(new Card("m1", CARD, "Ada", null)))
                    .isInstanceOf(BranchKeyMissingException.class).hasMessageContaining("createBranchKey");
        }
    }

    @Test
    void put_hierarchicalKeyringStoreDisconnectedBeforeFirstUse_keyStoreDisconnectedException() throws InterruptedException {
        LocalHsmKeyStore local = emulator.local();
        KmsKey key = ClientSideFixture.cloudHsmKey(local, caDir, ClientSideFixture.unique("hdis"));
        BranchKeyStore store = BranchKeyStore.open(ClientSideFixture.tables(local), local.dynamoDbClient(), local.kmsClient(),
                ClientSideFixture.unique("branch-keys"), key);
        String id = store.createBranchKey();
        try (ClientSideTable<Card> cards = ClientSideFixture.encryption(local, key, Keyring.hierarchical(store, id, Duration.ofSeconds(1)))
                .table(ClientSideFixture.unique("cards"), Card.class, d -> { })) {
            local.kmsClient().disconnectCustomKeyStore(r -> r.customKeyStoreId(key.customKeyStoreId().orElseThrow()));
            awaitState(local.kmsClient(), key.customKeyStoreId().orElseThrow(), ConnectionStateType.DISCONNECTED);
            assertThatThrownBy(() -> cards.put(new Card("x1", CARD, "Ada", null)))
                    .isInstanceOf(KeyStoreDisconnectedException.class);
            assertThat(store.table().keyOrigin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        }
    }
}
