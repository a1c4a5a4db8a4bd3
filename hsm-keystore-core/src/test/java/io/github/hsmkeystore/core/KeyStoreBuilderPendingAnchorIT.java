package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@code provision()} with a trust anchor that {@link TrustAnchor#generate} is still making: the validation and the
 * steps before INITIALIZE run without waiting for it; signing the cluster CSR waits.
 */
@Timeout(120)
class KeyStoreBuilderPendingAnchorIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    @TempDir
    Path dir;

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void removeHook() {
        TrustAnchor.beforeGeneration = null;
        release.countDown();
    }

    @Test
    void provision_anchorStillBeingGenerated_waitsForItOnlyToSignTheCsr(LocalHsmKeyStore emulator, CloudHsmV2Client hsm,
                                                                       KmsClient kms) {
        Path caDir = dir.resolve("pending-ca");
        TrustAnchor.beforeGeneration = d -> {
            if (d.equals(caDir)) {
                release.await();
            }
        };
        String name = Fixtures.uniqueName("pending");
        List<String> beforeRelease = new ArrayList<>();
        ProvisioningListener listener = e -> {
            if (release.getCount() > 0) {
                beforeRelease.add(e.step() + " " + e.kind());
                if (e.step() == Step.INITIALIZE && e.kind() == ProvisioningEvent.Kind.STARTED) {
                    assertThat(caDir.resolve(TrustAnchor.PRIVATE_KEY_FILE)).as("the CA is still held").doesNotExist();
                    release.countDown(); // sign() would wait forever without this
                }
            }
        };

        ProvisionedKeyStore store = Fixtures.builder(emulator, hsm, kms, dir.resolve("unused-ca"), name)
                .trustAnchor(TrustAnchor.generate(caDir)).listener(listener).provision();

        assertThat(beforeRelease).contains("CLUSTER COMPLETED", "FIRST_HSM COMPLETED", "INITIALIZE STARTED");
        ProvisioningIT.assertConverged(store, name, hsm, kms);
        assertThat(caDir.resolve(TrustAnchor.PRIVATE_KEY_FILE)).exists();
        assertThat(caDir.resolve(TrustAnchor.CERTIFICATE_FILE)).exists();
    }

    @Test
    void provision_anchorGenerationFails_failsAtInitializeNamingTheDirectory(LocalHsmKeyStore emulator, CloudHsmV2Client hsm,
                                                                           KmsClient kms) throws Exception {
        Path caDir = dir.resolve("failing-ca");
        TrustAnchor.beforeGeneration = d -> {
            if (d.equals(caDir)) {
                release.await();
                Files.delete(d); // the CA cannot be written
            }
        };
        String name = Fixtures.uniqueName("failing");
        ProvisioningListener listener = e -> {
            if (e.step() == Step.INITIALIZE && e.kind() == ProvisioningEvent.Kind.STARTED) {
                release.countDown();
            }
        };
        KeyStoreBuilder builder = Fixtures.builder(emulator, hsm, kms, dir.resolve("unused-ca"), name)
                .trustAnchor(TrustAnchor.generate(caDir)).listener(listener);

        assertThatThrownBy(builder::provision).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Cannot create the trust anchor in " + caDir);
    }
}
