package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.KeyState;

/** verify(), table() and provision() refuse a key that cannot be used now. */
class FailClosedIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    @TempDir
    Path dir;

    private static EncryptedTableFactory factory(LocalHsmKeyStore l) {
        return EncryptedTableFactory.create(l.dynamoDbClient(), l.kmsClient(), TestPolicies.FAST);
    }

    private static KmsKey standardKey(LocalHsmKeyStore l, String alias) {
        return KeyStoreBuilder.standardKms(l.kmsClient()).waitPolicy(TestPolicies.FAST).addKey(k -> k.alias(alias))
                .provision().findKey(alias).orElseThrow();
    }

    @Test
    void verify_keyDisabled_throwsKeyNotUsableNamingStateAndEnableKey(LocalHsmKeyStore l, KmsClient kms) {
        KmsKey key = standardKey(l, "alias/" + Fixtures.uniqueName("disabled"));
        String table = Fixtures.uniqueName("t");
        factory(l).table(table, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(key));
        kms.disableKey(r -> r.keyId(key.keyId()));

        assertThatThrownBy(() -> factory(l).verify(table, key))
                .isInstanceOfSatisfying(KeyNotUsableException.class, e -> {
                    assertThat(e.keyState()).isEqualTo(KeyState.DISABLED);
                    assertThat(e.storeConnectionState()).isEmpty();
                })
                .hasMessageContaining("Table " + table).hasMessageContaining("Disabled").hasMessageContaining("EnableKey");
        assertThatThrownBy(() -> factory(l).table(table, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(key)))
                .isInstanceOf(KeyNotUsableException.class);

        kms.enableKey(r -> r.keyId(key.keyId()));
        assertThat(factory(l).verify(table, key).kmsKeyArn()).isEqualTo(key.arn());
    }

    @Test
    void verify_keyPendingDeletion_throwsKeyNotUsableNamingCancelKeyDeletion(LocalHsmKeyStore l, KmsClient kms) {
        KmsKey key = standardKey(l, "alias/" + Fixtures.uniqueName("pending"));
        String table = Fixtures.uniqueName("t");
        factory(l).table(table, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(key));
        kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));

        assertThatThrownBy(() -> factory(l).verify(table, key))
                .isInstanceOfSatisfying(KeyNotUsableException.class,
                        e -> assertThat(e.keyState()).isEqualTo(KeyState.PENDING_DELETION))
                .hasMessageContaining("PendingDeletion").hasMessageContaining("CancelKeyDeletion");
    }

    @Test
    void verify_storeDisconnected_throwsKeyNotUsableNamingConnectionState(LocalHsmKeyStore l, KmsClient kms) {
        String name = Fixtures.uniqueName("disc");
        ProvisionedKeyStore store = Fixtures.builder(l, l.cloudHsmClient(), kms, dir, name).provision();
        KmsKey key = store.findKey("alias/" + name).orElseThrow();
        String table = Fixtures.uniqueName("t");
        factory(l).table(table, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(key));
        String storeId = store.customKeyStoreId().orElseThrow();
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));

        assertThatThrownBy(() -> factory(l).verify(table, key))
                .isInstanceOfSatisfying(KeyNotUsableException.class, e -> assertThat(e.storeConnectionState())
                        .hasValueSatisfying(s -> assertThat(s).isNotEqualTo(ConnectionStateType.CONNECTED)))
                .hasMessageContaining(storeId).hasMessageContaining("not CONNECTED")
                .hasMessageContaining("ConnectCustomKeyStore");

        // provision() reconnects the store; the table verifies again
        Fixtures.builder(l, l.cloudHsmClient(), kms, dir, name).provision();
        assertThat(factory(l).verify(table, key).customKeyStoreId()).contains(storeId);
    }

    @Test
    void provision_existingKeyDisabled_failsInsteadOfReportingSuccess(LocalHsmKeyStore l, KmsClient kms) {
        String alias = "alias/" + Fixtures.uniqueName("prov-disabled");
        KmsKey key = standardKey(l, alias);
        kms.disableKey(r -> r.keyId(key.keyId()));

        assertThatThrownBy(() -> standardKey(l, alias))
                .isInstanceOfSatisfying(KeyNotUsableException.class, e -> assertThat(e.keyState()).isEqualTo(KeyState.DISABLED))
                .hasMessageContaining("Alias " + alias).hasMessageContaining("Disabled").hasMessageContaining("EnableKey");
    }

    @Test
    void provision_existingKeyPendingDeletion_failsWithKeyNotUsable(LocalHsmKeyStore l, KmsClient kms) {
        String alias = "alias/" + Fixtures.uniqueName("prov-pending");
        KmsKey key = standardKey(l, alias);
        kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));

        assertThatThrownBy(() -> standardKey(l, alias))
                .isInstanceOfSatisfying(KeyNotUsableException.class,
                        e -> assertThat(e.keyState()).isEqualTo(KeyState.PENDING_DELETION))
                .hasMessageContaining("pending deletion").hasMessageContaining("CancelKeyDeletion");
    }

    @Test
    void provision_cloudHsmKeyDisabled_failsInsteadOfReportingSuccess(LocalHsmKeyStore l, KmsClient kms) {
        String name = Fixtures.uniqueName("hsm-disabled");
        KmsKey key = Fixtures.builder(l, l.cloudHsmClient(), kms, dir, name).provision().findKey("alias/" + name).orElseThrow();
        kms.disableKey(r -> r.keyId(key.keyId()));

        assertThatThrownBy(() -> Fixtures.builder(l, l.cloudHsmClient(), kms, dir, name).provision())
                .isInstanceOfSatisfying(KeyNotUsableException.class, e -> {
                    assertThat(e.keyState()).isEqualTo(KeyState.DISABLED);
                    assertThat(e.storeConnectionState()).hasValue(ConnectionStateType.CONNECTED);
                })
                .hasMessageContaining(key.arn());
    }
}
