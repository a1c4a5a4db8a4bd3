package io.github.hsmkeystore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.Pkcs11Token;
import io.github.hsmkeystore.testing.SoftHsm2Token;
import java.security.KeyStore;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;

/**
 * With {@code hsmBackend=pkcs11}, the CUSTOM_KEY_STORE side of {@link KmsOperationsBenchmark} runs on the SoftHSM2
 * token: its KMS key is a token object labelled with the key ARN, and once that object is deleted from the token the
 * benchmark's Encrypt fails (the emulator holds no copy). The STANDARD side's key is not on the token. Skipped, with
 * the reason, when SoftHSM2 is not installed.
 */
class Pkcs11BackendBenchIT {
    @Test
    void kmsOperations_customKeyStoreOnPkcs11_runOnTheToken() throws Exception {
        Assumptions.assumeTrue(SoftHsm2Token.library().isPresent(), "SoftHSM2 not installed (apt-get install softhsm2)");
        KmsOperationsBenchmark custom = benchmark("CUSTOM_KEY_STORE");
        KmsOperationsBenchmark standard = benchmark("STANDARD");
        try {
            Pkcs11Token token = BenchSoftHsm.token();
            for (int i = 0; i < 5; i++) {
                assertThat(custom.decrypt().asByteArray()).hasSize(256);
                assertThat(custom.generateDataKey().asByteArray()).isNotEmpty();
            }
            SdkBytes ciphertext = custom.encrypt();
            assertThat(ciphertext.asByteArray()).hasSizeGreaterThan(256);

            KeyStore onToken = SoftHsm2Token.keyStore(token, "benchit");
            List<String> labels = Collections.list(onToken.aliases());
            assertThat(labels).as("the CUSTOM_KEY_STORE key is a token object labelled with its ARN").contains(custom.keyArn());
            assertThat(labels).as("the STANDARD key is not on the token").doesNotContain(standard.keyArn());
            assertThat(onToken.getKey(custom.keyArn(), null).getEncoded()).as("not extractable").isNull();

            onToken.deleteEntry(custom.keyArn());
            assertThatThrownBy(custom::encrypt).as("Encrypt needs the token object").isInstanceOf(AwsServiceException.class)
                    .satisfies(e -> System.out.println("after deleting the token object: "
                            + ((AwsServiceException) e).awsErrorDetails().errorCode() + ": " + e.getMessage()));
            assertThat(standard.encrypt().asByteArray()).as("the STANDARD side does not use the token").hasSizeGreaterThan(256);
        } finally {
            custom.tearDown();
            standard.tearDown();
        }
    }

    private static KmsOperationsBenchmark benchmark(String keyStore) {
        KmsOperationsBenchmark b = new KmsOperationsBenchmark();
        b.keyStore = keyStore;
        b.hsmBackend = BenchEnvironment.PKCS11;
        b.setUp();
        return b;
    }
}
