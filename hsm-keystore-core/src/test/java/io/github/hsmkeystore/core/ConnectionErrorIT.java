package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;

/**
 * Each ConnectionErrorCode the emulator can produce through cluster state: the exception names the code and the fix,
 * and the store is left DISCONNECTED so a retry is possible. The breakage is applied right after the custom key store
 * is created (listener on KEY_STORE CHANGED), so CreateCustomKeyStore itself still succeeds.
 */
class ConnectionErrorIT {
    /** One emulator per test: KMS allows 10 custom key stores per account and Region, and every test makes one. */
    @RegisterExtension
    final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    @TempDir
    Path dir;

    static Stream<Arguments> codes() {
        char[] wrong = "WrongPassw0rd".toCharArray();
        char[] right = Fixtures.KMSUSER_PASSWORD.toCharArray();
        return Stream.of(
                Arguments.of(ConnectionErrorCodeType.INVALID_CREDENTIALS, "kmsuser password",
                        (BiConsumer<LocalHsmKeyStore, String[]>) (l, ids) -> l.changeClusterUserPassword(ids[0], "kmsuser", wrong)),
                Arguments.of(ConnectionErrorCodeType.USER_LOCKED_OUT, "locked out",
                        (BiConsumer<LocalHsmKeyStore, String[]>) (l, ids) -> {
                            for (int i = 0; i < 5; i++) {
                                l.loginClusterUser(ids[0], "kmsuser", wrong);
                            }
                        }),
                Arguments.of(ConnectionErrorCodeType.USER_LOGGED_IN, "log kmsuser out",
                        (BiConsumer<LocalHsmKeyStore, String[]>) (l, ids) -> l.loginClusterUser(ids[0], "kmsuser", right)),
                Arguments.of(ConnectionErrorCodeType.SUBNET_NOT_FOUND, "subnet of the cluster was deleted",
                        (BiConsumer<LocalHsmKeyStore, String[]>) (l, ids) -> l.breakClusterNetwork(ids[0], false, true, false)),
                Arguments.of(ConnectionErrorCodeType.INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET, "no free IP address",
                        (BiConsumer<LocalHsmKeyStore, String[]>) (l, ids) -> l.breakClusterNetwork(ids[0], false, false, true)),
                Arguments.of(ConnectionErrorCodeType.NETWORK_ERRORS, "security group",
                        (BiConsumer<LocalHsmKeyStore, String[]>) (l, ids) -> l.failNextConnect(ids[1], ConnectionErrorCodeType.NETWORK_ERRORS)),
                Arguments.of(ConnectionErrorCodeType.INTERNAL_ERROR, "connect again",
                        (BiConsumer<LocalHsmKeyStore, String[]>) (l, ids) -> l.failNextConnect(ids[1], ConnectionErrorCodeType.INTERNAL_ERROR)),
                // a cluster deleted under a store: driven end to end in hsm-keystore-local's ConnectionErrorCodeIT
                Arguments.of(ConnectionErrorCodeType.CLUSTER_NOT_FOUND, "No cluster",
                        (BiConsumer<LocalHsmKeyStore, String[]>) (l, ids) -> l.failNextConnect(ids[1], ConnectionErrorCodeType.CLUSTER_NOT_FOUND)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codes")
    void provision_connectionFails_exceptionNamesCodeAndFixAndStoreIsDisconnected(ConnectionErrorCodeType code, String fixFragment,
            BiConsumer<LocalHsmKeyStore, String[]> breakCluster, LocalHsmKeyStore emulator, CloudHsmV2Client hsm, KmsClient kms) {
        String name = Fixtures.uniqueName("conn");
        String[] ids = new String[2]; // cluster id, custom key store id
        ProvisioningListener breaker = e -> {
            if (e.step() == Step.CLUSTER && e.kind() == ProvisioningEvent.Kind.COMPLETED) {
                ids[0] = e.resourceId().orElseThrow();
            }
            if (e.step() == Step.KEY_STORE && e.kind() == ProvisioningEvent.Kind.CHANGED) {
                ids[1] = e.resourceId().orElseThrow();
                breakCluster.accept(emulator, ids);
            }
        };
        assertThatThrownBy(() -> Fixtures.builder(emulator, hsm, kms, dir, name).listener(breaker).provision())
                .isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
                    assertThat(e.connectionErrorCode()).isEqualTo(code);
                    assertThat(e.fix()).contains(fixFragment);
                    assertThat(e.getMessage()).contains(code.toString(), fixFragment, "disconnected")
                            .doesNotContain(Fixtures.KMSUSER_PASSWORD);
                    assertThat(Fixtures.store(kms, e.resourceId()).connectionStateAsString()).isEqualTo("DISCONNECTED");
                });
    }

    @org.junit.jupiter.api.Test
    void provision_securityGroupBroken_connectFailsFastNamingTheRules(LocalHsmKeyStore emulator, CloudHsmV2Client hsm,
                                                                       KmsClient kms) {
        String name = Fixtures.uniqueName("sg");
        String[] clusterId = new String[1];
        ProvisioningListener breaker = e -> {
            if (e.step() == Step.CLUSTER && e.kind() == ProvisioningEvent.Kind.COMPLETED) {
                clusterId[0] = e.resourceId().orElseThrow();
            }
            if (e.step() == Step.KEY_STORE && e.kind() == ProvisioningEvent.Kind.CHANGED) {
                emulator.breakClusterNetwork(clusterId[0], true, false, false);
            }
        };
        // aws-semantics 2.3: security group problems are thrown by ConnectCustomKeyStore itself, the store stays DISCONNECTED
        assertThatThrownBy(() -> Fixtures.builder(emulator, hsm, kms, dir, name).listener(breaker).provision())
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("CloudHsmClusterInvalidConfigurationException")
                .hasMessageContaining("2223-2225");
    }

    @org.junit.jupiter.api.Test
    void provision_hsmsFailWhileConnecting_namesInsufficientHsmsAndTheFix(LocalHsmKeyStore emulator, CloudHsmV2Client hsm,
                                                                          KmsClient kms) {
        String name = Fixtures.uniqueName("nohsm");
        String[] clusterId = new String[1];
        ProvisioningListener breaker = e -> {
            if (e.step() == Step.CLUSTER && e.kind() == ProvisioningEvent.Kind.COMPLETED) {
                clusterId[0] = e.resourceId().orElseThrow();
            }
            if (e.step() == Step.CONNECT && e.kind() == ProvisioningEvent.Kind.CHANGED) {
                Fixtures.cluster(hsm, clusterId[0]).hsms().forEach(h -> emulator.failHsm(clusterId[0], h.hsmId()));
            }
        };
        assertThatThrownBy(() -> Fixtures.builder(emulator, hsm, kms, dir, name).listener(breaker).provision())
                .isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
                    assertThat(e.connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.INSUFFICIENT_CLOUDHSM_HSMS);
                    assertThat(e.getMessage()).contains("INSUFFICIENT_CLOUDHSM_HSMS").contains(e.fix());
                });
    }

    @org.junit.jupiter.api.Test
    void provision_noKmsuserInCluster_namesUserNotFoundAndTheFix(LocalHsmKeyStore emulator, CloudHsmV2Client hsm, KmsClient kms) {
        String name = Fixtures.uniqueName("nouser");
        Activation activateOnly = request -> {
            if (!request.clusterActive()) {
                emulator.activateCluster(request.clusterId(), Fixtures.ADMIN_PASSWORD.toCharArray());
            }
        };
        assertThatThrownBy(() -> Fixtures.builder(emulator, hsm, kms, dir, name, activateOnly).provision())
                .isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
                    assertThat(e.connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.USER_NOT_FOUND);
                    assertThat(e.fix()).contains("kmsuser");
                    assertThat(e.getMessage()).doesNotContain(Fixtures.KMSUSER_PASSWORD);
                });
    }
}
