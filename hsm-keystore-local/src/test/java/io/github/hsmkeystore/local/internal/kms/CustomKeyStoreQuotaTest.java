package io.github.hsmkeystore.local.internal.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The 1,800 cryptographic requests per second quota of one custom key store (aws-semantics 3.4), on a fixed clock. */
class CustomKeyStoreQuotaTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static CustomKeyStore store() {
        return new CustomKeyStore("cks-0123456789abcdef0", "s", "cluster-abcdefghijk", "pem", "password1".toCharArray(), T0);
    }

    @Test
    void admitRequest_1800InOneSecond_admitsAllAnd1801st_isRefused() {
        CustomKeyStore s = store();
        for (int i = 0; i < CustomKeyStore.REQUESTS_PER_SECOND; i++) {
            assertThat(s.admitRequest(T0.plusNanos(i * 100_000L))).as("request %d", i).isTrue();
        }
        assertThat(s.admitRequest(T0.plusMillis(999))).isFalse();
    }

    @Test
    void admitRequest_afterWindowSlides_admitsAgain() {
        CustomKeyStore s = store();
        for (int i = 0; i < CustomKeyStore.REQUESTS_PER_SECOND; i++) {
            s.admitRequest(T0);
        }
        assertThat(s.admitRequest(T0.plusMillis(500))).isFalse();
        assertThat(s.admitRequest(T0.plus(Duration.ofSeconds(1)))).isTrue();
    }

    @Test
    void admitRequest_refusedRequests_doNotConsumeQuota() {
        CustomKeyStore s = store();
        for (int i = 0; i < CustomKeyStore.REQUESTS_PER_SECOND; i++) {
            s.admitRequest(T0);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(s.admitRequest(T0.plusMillis(900))).isFalse();
        }
        // the 1,800 admitted at T0 leave the window at T0+1s; the refused ones at T0+0.9s never counted
        int admitted = 0;
        for (int i = 0; i < CustomKeyStore.REQUESTS_PER_SECOND + 10; i++) {
            if (s.admitRequest(T0.plusMillis(1001))) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(CustomKeyStore.REQUESTS_PER_SECOND);
    }

    @Test
    void admitRequest_steadyRateBelowQuota_isNeverRefused() {
        CustomKeyStore s = store();
        // 1,500 requests per second for 3 seconds
        for (int i = 0; i < 4_500; i++) {
            assertThat(s.admitRequest(T0.plusNanos(i * (1_000_000_000L / 1_500)))).as("request %d", i).isTrue();
        }
    }
}
