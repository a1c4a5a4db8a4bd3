package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.OriginType;

/** Each invalid configuration: one exception naming every problem, and the emulator received no request. */
class KeyStoreBuilderValidationIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    @TempDir
    static Path dir;

    static Stream<Arguments> invalidConfigurations() {
        return Stream.of(
                Arguments.of("asymmetric key", (Function<KeyStoreBuilder, KeyStoreBuilder>) b -> b.addKey(k -> k.alias("alias/rsa")
                        .keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY)), new String[] {"keySpec RSA_2048", "keyUsage SIGN_VERIFY"}),
                Arguments.of("hmac key", (Function<KeyStoreBuilder, KeyStoreBuilder>) b -> b.addKey(k -> k.alias("alias/mac")
                        .keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)), new String[] {"HMAC_256"}),
                Arguments.of("multi-Region", (Function<KeyStoreBuilder, KeyStoreBuilder>) b -> b.addKey(k -> k.alias("alias/mr").multiRegion(true)),
                        new String[] {"multi-Region"}),
                Arguments.of("imported material", (Function<KeyStoreBuilder, KeyStoreBuilder>) b -> b.addKey(k -> k.alias("alias/ext")
                        .origin(OriginType.EXTERNAL)), new String[] {"origin EXTERNAL"}),
                Arguments.of("rotation", (Function<KeyStoreBuilder, KeyStoreBuilder>) b -> b.addKey(k -> k.alias("alias/rot").rotation(true)),
                        new String[] {"rotation is not supported"}),
                Arguments.of("alias syntax", (Function<KeyStoreBuilder, KeyStoreBuilder>) b -> b.addKey(k -> k.alias("orders")),
                        new String[] {"must start with the prefix alias/"}),
                Arguments.of("reserved alias", (Function<KeyStoreBuilder, KeyStoreBuilder>) b -> b.addKey(k -> k.alias("alias/aws/dynamodb")),
                        new String[] {"reserved for AWS managed keys"}),
                Arguments.of("password", (Function<KeyStoreBuilder, KeyStoreBuilder>) b -> b.kmsUserPassword(Secret.of("pw-1")),
                        new String[] {"7-32 characters", "only letters and digits"}),
                Arguments.of("one subnet", (Function<KeyStoreBuilder, KeyStoreBuilder>) b -> b.newCluster(c -> c.subnetIds("subnet-0a1b2c3d")),
                        new String[] {"at least 2 Availability Zones"}),
                Arguments.of("same zone", (Function<KeyStoreBuilder, KeyStoreBuilder>) b -> b.newCluster(c -> c
                        .addSubnet("subnet-0a1b2c3d", "us-east-1a").addSubnet("subnet-4e5f6a7b", "us-east-1a")), new String[] {"one subnet per Availability Zone"}),
                Arguments.of("unparseable PEM", (Function<KeyStoreBuilder, KeyStoreBuilder>) b -> b.trustAnchor(TrustAnchor.ofCertificate(
                        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")), new String[] {"not a parseable PEM"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigurations")
    void provision_invalidConfiguration_oneExceptionAndNoRequest(String name, Function<KeyStoreBuilder, KeyStoreBuilder> breakIt,
                                                                 String[] fragments, LocalHsmKeyStore emulator,
                                                                 CloudHsmV2Client hsm, KmsClient kms) {
        KeyStoreBuilder b = breakIt.apply(Fixtures.builder(emulator, hsm, kms, dir.resolve("ca"), Fixtures.uniqueName("v")));
        emulator.clearRequests();
        assertThatThrownBy(b::provision).isInstanceOf(InvalidConfigurationException.class).hasMessageContainingAll(fragments)
                .hasMessageNotContaining(Fixtures.KMSUSER_PASSWORD);
        assertThatThrownBy(b::plan).isInstanceOf(InvalidConfigurationException.class);
        // teardown() and health() need only names and clients (OperationsWithoutSecretsIT): provisioning settings do
        // not concern them
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void provision_manyProblems_allNamedInOneException(LocalHsmKeyStore emulator, CloudHsmV2Client hsm, KmsClient kms) {
        KeyStoreBuilder b = KeyStoreBuilder.cloudHsm(hsm, kms)
                .newCluster(c -> c.subnetIds("subnet-0a1b2c3d").hsmCount(1))
                .trustAnchor(TrustAnchor.ofCertificate("garbage"))
                .kmsUserPassword(Secret.of("short"))
                .addKey(k -> k.alias("alias/aws/x").keySpec(KeySpec.ECC_NIST_P256).multiRegion(true).rotation(true));
        emulator.clearRequests();
        assertThatThrownBy(b::provision).isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
            assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(9);
            assertThat(e.getMessage()).contains("missing customKeyStoreName, activation", "at least 2 Availability Zones",
                    "hsmCount must be 2-28", "not a parseable PEM", "no private key", "7-32", "alias/aws/",
                    "ECC_NIST_P256", "multi-Region", "rotation");
        });
        assertThat(emulator.requests()).isEmpty();
    }
}
