package io.github.hsmkeystore.local.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * The multi-threaded HTTP server against one scope's KMS state: concurrent cryptography on a CloudHSM-store key and a
 * standard key, key creation, and enable/disable of a shared key, bounded in count and time. Every request gets a
 * correct answer (no 5xx, no lost key, no ciphertext that does not decrypt).
 */
class KmsConcurrencyIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = KmsFixture.manualClockEmulator();

    private static final int THREADS = 6;
    private static final int ROUNDS = 40;
    private static final int KEYS_PER_THREAD = 5;

    @Test
    void concurrentCryptoCreateKeyAndToggle_eachRequestAnsweredCorrectly() throws Exception {
        KmsFixture f = new KmsFixture(local.local());
        KmsClient kms = f.kms;
        String storeId = f.connectedStore();
        KeyMetadata storeKey = f.createKey(storeId);
        KeyMetadata standardKey = f.createStandardKey();
        KeyMetadata toggled = f.createStandardKey();
        int keysBefore = kms.listKeys(r -> r.limit(1000)).keys().size();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                List<String> created = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    KeyMetadata key = i % 2 == 0 ? storeKey : standardKey;
                    SdkBytes plaintext = SdkBytes.fromUtf8String("thread " + thread + " round " + i);
                    Map<String, String> context = Map.of("thread", Integer.toString(thread));
                    SdkBytes blob = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(plaintext).encryptionContext(context)).ciphertextBlob();
                    assertThat(kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(context)).plaintext()).isEqualTo(plaintext);
                    if (i % 8 == 0 && created.size() < KEYS_PER_THREAD) {
                        created.add(kms.createKey(r -> r.description("concurrent " + thread)).keyMetadata().keyId());
                    }
                    try {
                        if (i % 2 == 0) {
                            kms.disableKey(r -> r.keyId(toggled.keyId()));
                        } else {
                            kms.enableKey(r -> r.keyId(toggled.keyId()));
                        }
                        kms.encrypt(r -> r.keyId(toggled.keyId()).plaintext(plaintext));
                    } catch (AwsServiceException e) {
                        // another thread disabled it between the two calls: the only acceptable refusal
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DisabledException");
                    }
                }
                return created;
            }));
        }
        List<String> created = new ArrayList<>();
        for (Future<List<String>> fu : futures) {
            created.addAll(fu.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(created).hasSize(THREADS * KEYS_PER_THREAD).doesNotHaveDuplicates();
        assertThat(kms.listKeys(r -> r.limit(1000)).keys()).hasSize(keysBefore + created.size());
        assertThat(f.keyState(toggled.keyId())).isIn(KeyState.ENABLED, KeyState.DISABLED);
        assertThat(local.local().requests()).noneMatch(r -> r.status() >= 500);
    }
}
