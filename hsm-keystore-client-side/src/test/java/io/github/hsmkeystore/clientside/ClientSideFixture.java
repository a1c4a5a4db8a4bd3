package io.github.hsmkeystore.clientside;

import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KeyStoreBuilder;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.testing.LocalEmulatorActivation;
import io.github.hsmkeystore.core.Secret;
import io.github.hsmkeystore.core.TrustAnchor;
import io.github.hsmkeystore.core.WaitPolicy;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Provisions a CloudHSM-backed KMS key on the emulator and wires the client-side entry point. */
final class ClientSideFixture {
    static final WaitPolicy FAST = WaitPolicy.builder().interval(Duration.ofMillis(20)).maxInterval(Duration.ofMillis(100))
            .timeout(Duration.ofMinutes(2)).build();

    private ClientSideFixture() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static KmsKey cloudHsmKey(LocalHsmKeyStore local, Path caDir, String name) {
        return KeyStoreBuilder.cloudHsm(local.cloudHsmClient(), local.kmsClient())
                .newCluster(c -> c.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d", "subnet-4e5f6a7b"))
                .trustAnchor(TrustAnchor.generate(caDir))
                .activation(new LocalEmulatorActivation(local.endpoint(), Secret.of("AdminPassw0rd9")))
                .customKeyStoreName(name)
                .kmsUserPassword(Secret.of("KmsUserPassw0rd7"))
                .waitPolicy(FAST)
                .addKey(k -> k.alias("alias/" + name).description("client-side test key"))
                .provision().findKey("alias/" + name).orElseThrow();
    }

    static EncryptedTableFactory tables(LocalHsmKeyStore local) {
        return EncryptedTableFactory.create(local.dynamoDbClient(), local.kmsClient(), FAST);
    }

    static ClientSideEncryption encryption(LocalHsmKeyStore local, KmsKey key, Keyring keyring) {
        return ClientSideEncryption.builder().clients(local.dynamoDbClient(), local.kmsClient()).tables(tables(local))
                .clientBuilder(() -> local.configure(DynamoDbClient.builder())).key(key).keyring(keyring).build();
    }
}
