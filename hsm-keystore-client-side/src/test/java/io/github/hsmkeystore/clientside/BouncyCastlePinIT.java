package io.github.hsmkeystore.clientside;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.nio.file.Path;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The material providers bring bcprov 1.78.1; with it beside core's bcpkix 1.82, provisioning fails with
 * {@code NoSuchFieldError: id_ml_dsa_44}. The module pins bcprov/bcutil to 1.82: provisioning works with DB-ESDK on
 * the classpath.
 */
class BouncyCastlePinIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension emulator = LocalHsmKeyStoreExtension.create();

    @TempDir
    Path caDir;

    @Test
    void provision_withDbEsdkOnClasspath_bouncyCastleIsProjectVersionAndTrustAnchorWorks() throws Exception {
        assertThat(new BouncyCastleProvider().getVersionStr()).isEqualTo("1.82");
        assertThat(NISTObjectIdentifiers.class.getField("id_ml_dsa_44").get(null)).isNotNull();
        assertThat(Class.forName("software.amazon.cryptography.dbencryptionsdk.dynamodb.DynamoDbEncryptionInterceptor"))
                .isNotNull();

        KmsKey key = ClientSideFixture.cloudHsmKey(emulator.local(), caDir, ClientSideFixture.unique("bc"));

        assertThat(key.cloudHsmBacked()).isTrue();
    }
}
