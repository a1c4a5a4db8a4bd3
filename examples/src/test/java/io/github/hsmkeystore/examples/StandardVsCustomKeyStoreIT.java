package io.github.hsmkeystore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.core.EncryptedTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.OriginType;

class StandardVsCustomKeyStoreIT {

    @Test
    void run_onEmbeddedEmulator_sameProductOnStandardAndCloudHsmKeys() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Map<String, EncryptedTable> sides;
        try (ExampleEnvironment env = ExampleEnvironment.fromArgs(new String[0]);
             PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            sides = StandardVsCustomKeyStore.run(env, out);
        }
        assertThat(sides.get("STANDARD").keyOrigin()).isEqualTo(OriginType.AWS_KMS);
        assertThat(sides.get("STANDARD").customKeyStoreId()).isEmpty();
        assertThat(sides.get("CUSTOM_KEY_STORE").keyOrigin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        assertThat(sides.get("CUSTOM_KEY_STORE").customKeyStoreId()).isPresent();
        assertThat(sides.get("STANDARD").kmsKeyArn()).isNotEqualTo(sides.get("CUSTOM_KEY_STORE").kmsKeyArn());
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("products-standard").contains("AWS_KMS")
                .contains("AWS_CLOUDHSM");
    }
}
