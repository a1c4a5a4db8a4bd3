package io.github.hsmkeystore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClientSideEncryptionDemoIT {

    @Test
    void run_onEmbeddedEmulator_cardEncryptedClientSideAndHierarchicalKeyringSavesKmsCalls() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ClientSideEncryptionDemo.Result result;
        try (ExampleEnvironment env = ExampleEnvironment.fromArgs(new String[0]);
             PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            result = ClientSideEncryptionDemo.run(env, out);
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(result.product().getCreditCard()).isEqualTo("4111111111111111");
        assertThat(new String(Base64.getDecoder().decode(result.storedCreditCard()), StandardCharsets.ISO_8859_1))
                .doesNotContain("4111111111111111");
        assertThat(printed).doesNotContain("4111111111111111").contains("1111").contains("Stored creditCard (raw)");
        assertThat(result.kmsCallsKmsKeyring()).isEqualTo(ClientSideEncryptionDemo.PUTS);
        assertThat(result.kmsCallsHierarchical()).isBetween(1L, 2L);
        assertThat(printed).contains("KMS keyring 1,000");
    }
}
