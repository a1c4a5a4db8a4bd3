package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

class StandardKmsIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    @Test
    void provision_standardKeysWithRotation_createdOnceAndReused(LocalHsmKeyStore emulator, KmsClient kms) {
        String alias = "alias/" + Fixtures.uniqueName("std");
        KeyStoreBuilder b = KeyStoreBuilder.standardKms(kms).waitPolicy(TestPolicies.FAST)
                .addKey(k -> k.alias(alias).rotationPeriodInDays(180));
        ProvisionedKeyStore store = b.provision();

        assertThat(store.kind()).isEqualTo(ProvisionedKeyStore.Kind.STANDARD_KMS);
        assertThat(store.customKeyStoreId()).isEmpty();
        KmsKey key = store.findKey(alias).orElseThrow();
        assertThat(kms.describeKey(r -> r.keyId(alias)).keyMetadata().originAsString()).isEqualTo("AWS_KMS");
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled()).isTrue();

        emulator.clearRequests();
        ProvisionedKeyStore again = b.provision();
        assertThat(Fixtures.mutatingCalls(emulator.requests())).isZero();
        assertThat(again.keys()).isEqualTo(store.keys());
        assertThat(b.plan().upToDate()).isTrue();
        assertThat(b.health().keyStates()).containsEntry(alias, KeyState.ENABLED);
    }

    @Test
    void key_addedAfterProvision_createdOnceThenReused(LocalHsmKeyStore emulator, KmsClient kms) {
        ProvisionedKeyStore store = KeyStoreBuilder.standardKms(kms).addKey(k -> k.alias("alias/" + Fixtures.uniqueName("a"))).provision();
        String alias = "alias/" + Fixtures.uniqueName("b");
        KmsKey first = store.key(k -> k.alias(alias));
        KmsKey second = store.key(k -> k.alias(alias));
        assertThat(second).isEqualTo(first);
        assertThat(store.keys()).hasSize(2);
    }
}
