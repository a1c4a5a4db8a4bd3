package io.github.hsmkeystore.local.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * The 1,800 requests/s quota of a custom key store (aws-semantics 3.4) over HTTP, with a bounded multi-threaded
 * burst. The emulator clock follows real time, so whether the burst exceeds the quota depends on machine speed:
 * the test asserts throttling only when all requests landed within one second, and always checks that every
 * refusal is a correct ThrottlingException. The exact window logic is covered by CustomKeyStoreQuotaTest.
 */
class KmsQuotaIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = KmsFixture.manualClockEmulator();

    private static final int REQUESTS = 1_900;
    private static final int THREADS = 8;

    @Test
    void encrypt_burstAboveQuota_isThrottledOnlyBeyond1800PerSecond() throws Exception {
        KmsFixture f = new KmsFixture(local.local());
        String storeId = f.connectedStore();
        KeyMetadata key = f.createKey(storeId);
        KeyMetadata standard = f.createStandardKey();
        try (KmsClient noRetry = local.local().configure(KmsClient.builder())
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(THREADS))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            SdkBytes plaintext = SdkBytes.fromUtf8String("q");
            AtomicInteger next = new AtomicInteger();
            AtomicInteger ok = new AtomicInteger();
            List<AwsServiceException> throttled = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    while (next.getAndIncrement() < REQUESTS && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
                        try {
                            noRetry.encrypt(r -> r.keyId(key.keyId()).plaintext(plaintext));
                            ok.incrementAndGet();
                        } catch (AwsServiceException e) {
                            throttled.add(e);
                        }
                    }
                }));
            }
            for (Future<?> fu : futures) {
                fu.get(40, TimeUnit.SECONDS);
            }
            long elapsedNanos = System.nanoTime() - start;
            pool.shutdown();

            assertThat(ok.get() + throttled.size()).isEqualTo(REQUESTS);
            for (AwsServiceException e : throttled) {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                assertThat(e.awsErrorDetails().errorMessage()).contains("You have exceeded the rate at which you may call KMS");
                assertThat(e.statusCode()).isEqualTo(400);
            }
            if (elapsedNanos < TimeUnit.SECONDS.toNanos(1)) {
                // all 1,900 requests were admitted within one second: at least 100 must have been refused
                assertThat(throttled).hasSizeGreaterThanOrEqualTo(REQUESTS - 1_800);
            }
            // at most 1,800 per second can succeed, so a run that refused nothing cannot have been faster than ~1 s
            if (throttled.isEmpty()) {
                assertThat(elapsedNanos).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1_000));
            }
            // the quota is per store: standard keys are not limited by it
            assertThat(noRetry.encrypt(r -> r.keyId(standard.keyId()).plaintext(plaintext)).keyId()).isEqualTo(standard.arn());
        }
        // after a second (emulator clock) the store serves requests again
        local.local().advanceClock(java.time.Duration.ofSeconds(2));
        assertThat(f.kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("again"))).keyId()).isEqualTo(key.arn());
    }
}
