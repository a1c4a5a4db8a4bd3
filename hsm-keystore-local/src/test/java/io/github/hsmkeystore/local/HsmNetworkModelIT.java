package io.github.hsmkeystore.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.internal.hsm.HsmNetworkModel;
import io.github.hsmkeystore.local.testing.ClusterFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * The modelled network hop to the HSM over HTTP: a CloudHSM-backed key's Encrypt goes through it, a standard key's
 * does not. The sleeper records the delays instead of sleeping (no wall-clock assertion).
 */
class HsmNetworkModelIT {
    private static final List<Duration> SLEEPS = new CopyOnWriteArrayList<>();
    private static LocalHsmKeyStore local;
    private static KmsClient kms;
    private static String storeId;

    @BeforeAll
    static void start() {
        local = LocalHsmKeyStore.builder().transitionDelay(Duration.ofMillis(20))
                .hsmNetworkModel(new HsmNetworkModel(Duration.ofMillis(2), Duration.ofMillis(1), SLEEPS::add, () -> -1.0))
                .start();
        kms = local.kmsClient();
        ClusterFixture fixture = new ClusterFixture(local);
        String clusterId = fixture.activeCluster();
        storeId = kms.createCustomKeyStore(r -> r.customKeyStoreName("hop-" + UUID.randomUUID()).cloudHsmClusterId(clusterId)
                .trustAnchorCertificate(fixture.trustAnchorPem()).keyStorePassword(ClusterFixture.KMSUSER_PASSWORD))
                .customKeyStoreId();
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        ClusterFixture.await(() -> kms.describeCustomKeyStores(r -> r.customKeyStoreId(storeId)).customKeyStores().get(0),
                s -> s.connectionState() == ConnectionStateType.CONNECTED, "custom key store " + storeId);
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    private static void encrypt(String keyId) {
        kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromString("hop", StandardCharsets.UTF_8)));
    }

    @Test
    void encrypt_cloudHsmKey_goesThroughTheModelledHop() {
        String keyId = kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId)).keyMetadata().keyId();
        long before = local.hsmNetworkHops();
        int sleepsBefore = SLEEPS.size();

        encrypt(keyId);

        assertThat(local.hsmNetworkHops() - before).isEqualTo(1);
        assertThat(SLEEPS.subList(sleepsBefore, SLEEPS.size())).containsExactly(Duration.ofMillis(1));
    }

    @Test
    void encrypt_standardKey_doesNotGoThroughTheModelledHop() {
        String keyId = kms.createKey(r -> r.description("standard")).keyMetadata().keyId();
        long before = local.hsmNetworkHops();
        int sleepsBefore = SLEEPS.size();

        encrypt(keyId);

        assertThat(local.hsmNetworkHops()).isEqualTo(before);
        assertThat(SLEEPS).hasSize(sleepsBefore);
    }

    @Test
    void createKey_inCustomKeyStore_goesThroughTheModelledHop() {
        long before = local.hsmNetworkHops();

        kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId));

        assertThat(local.hsmNetworkHops() - before).isEqualTo(1);
    }

    @Test
    void hsmNetworkModel_jitterOverRoundTrip_failsAtTheSetterNamingTheFix() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalHsmKeyStore.builder()
                        .hsmNetworkModel(Duration.ofMillis(1), Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jitter 5 ms is larger than roundTrip 1 ms");
    }

    @Test
    void hsmNetworkModel_off_countsNoHops() {
        try (LocalHsmKeyStore other = LocalHsmKeyStore.start()) {
            assertThat(other.hsmNetworkHops()).isZero();
        }
    }
}
