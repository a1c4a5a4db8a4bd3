package com.example.ddbec;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.core.KeyStoreBuilder;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.core.Secret;
import io.github.hsmkeystore.core.TrustAnchor;
import io.github.hsmkeystore.testing.LocalEmulatorActivation;
import io.github.hsmkeystore.testing.HsmKeyStoreExtension;
import java.nio.file.Path;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.MaterialProviders;

/** With the Database Encryption SDK's material providers on the classpath, the BOM keeps BouncyCastle 1.82. */
@ExtendWith(HsmKeyStoreExtension.class)
class ProvisionWithMaterialProvidersTest {

    @Test
    void classpath_materialProvidersAndBom_bouncyCastleIsTheBomVersion() {
        assertThat(MaterialProviders.class.getProtectionDomain().getCodeSource().getLocation().toString())
                .contains("aws-cryptographic-material-providers-1.11.0");
        assertThat(NISTObjectIdentifiers.class.getProtectionDomain().getCodeSource().getLocation().toString())
                .contains("bcprov-jdk18on-1.82");
    }

    @Test
    void provision_materialProvidersOnClasspath_generatesTheTrustAnchorAndProvisions(
            CloudHsmV2Client cloudHsm, KmsClient kms, LocalEmulatorActivation activation, @TempDir Path dir) {
        KmsKey key = KeyStoreBuilder.cloudHsm(cloudHsm, kms)
                .newCluster(c -> c.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d4e5f6a7b8", "subnet-1b2c3d4e5f6a7b8c9"))
                .trustAnchor(TrustAnchor.generate(dir.resolve("trust-anchor")))
                .activation(activation)
                .customKeyStoreName("ddbec-store")
                .kmsUserPassword(Secret.of("DdbecKmsUser1"))
                .addKey(k -> k.alias("alias/ddbec"))
                .provision()
                .findKey("alias/ddbec").orElseThrow();

        assertThat(key.cloudHsmBacked()).isTrue();
    }
}
