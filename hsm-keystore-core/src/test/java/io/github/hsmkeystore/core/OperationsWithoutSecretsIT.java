package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/** health(), findKey and teardown need only names and clients, not the provisioning secrets. */
class OperationsWithoutSecretsIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    @TempDir
    Path dir;

    /** What a running service holds: clients, the store's name and its key aliases. */
    private static KeyStoreBuilder namesOnly(CloudHsmV2Client hsm, KmsClient kms, String name) {
        return KeyStoreBuilder.cloudHsm(hsm, kms).customKeyStoreName(name).waitPolicy(TestPolicies.FAST)
                .keyDeletionWindowDays(7).addKey(k -> k.alias("alias/" + name));
    }

    @Test
    void healthAndFindKey_namesAndClientsOnly_workWithoutSecrets(LocalHsmKeyStore l, CloudHsmV2Client hsm, KmsClient kms) {
        String name = Fixtures.uniqueName("ops");
        KmsKey provisioned = Fixtures.builder(l, hsm, kms, dir, name).provision().findKey("alias/" + name).orElseThrow();

        Health h = namesOnly(hsm, kms, name).health();
        assertThat(h.healthy()).isTrue();
        assertThat(h.keyStates()).containsEntry("alias/" + name, KeyState.ENABLED);

        assertThat(namesOnly(hsm, kms, name).findKey("alias/" + name)).hasValue(provisioned);
        assertThat(namesOnly(hsm, kms, name).findKey("alias/no-such-key")).isEmpty();
    }

    @Test
    void findKey_aliasOfAStandardKey_failsNamingBothStores(LocalHsmKeyStore l, CloudHsmV2Client hsm, KmsClient kms) {
        String name = Fixtures.uniqueName("ops");
        Fixtures.builder(l, hsm, kms, dir, name).provision();
        KeyStoreBuilder.standardKms(kms).addKey(k -> k.alias("alias/" + name + "-std")).provision();

        assertThatThrownBy(() -> namesOnly(hsm, kms, name).findKey("alias/" + name + "-std"))
                .isInstanceOf(KeyStoreStateException.class).hasMessageContaining("standard KMS")
                .hasMessageContaining("custom key store");
    }

    @Test
    void teardown_namesAndClientsOnly_schedulesTheKeysDeletion(LocalHsmKeyStore l, CloudHsmV2Client hsm, KmsClient kms) {
        String name = Fixtures.uniqueName("ops");
        String keyId = Fixtures.builder(l, hsm, kms, dir, name).provision().keys().get(0).keyId();

        TeardownResult r = namesOnly(hsm, kms, name).teardown();

        assertThat(r.complete()).isFalse();
        assertThat(kms.describeKey(d -> d.keyId(keyId)).keyMetadata().keyStateAsString()).isEqualTo("PendingDeletion");
    }

    @Test
    void health_withoutStoreName_stillRefusedNamingIt(CloudHsmV2Client hsm, KmsClient kms) {
        assertThatThrownBy(() -> KeyStoreBuilder.cloudHsm(hsm, kms).health())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("customKeyStoreName");
    }
}
