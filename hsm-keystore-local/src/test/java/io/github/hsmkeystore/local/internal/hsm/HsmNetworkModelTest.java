package io.github.hsmkeystore.local.internal.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The modelled hop and its decorator, with a recording sleeper: no wall clock. */
class HsmNetworkModelTest {
    private static final byte[] IV = new byte[12];
    private final List<Duration> sleeps = new ArrayList<>();

    private HsmNetworkModel model(long roundTripMs, long jitterMs, double u) {
        return new HsmNetworkModel(Duration.ofMillis(roundTripMs), Duration.ofMillis(jitterMs), sleeps::add, () -> u);
    }

    @Test
    void decorate_encryptDecryptGenerate_eachWaitsOneHopThenDelegates() {
        HsmNetworkModel model = model(2, 0, 0.0);
        HsmBackend backend = model.decorate(new InJvmHsmBackend());

        String handle = backend.generateAesKey("label");
        byte[] sealed = backend.encrypt(handle, IV, new byte[] {1, 2, 3}, new byte[0]);
        byte[] opened = backend.decrypt(handle, IV, sealed, new byte[0]);

        assertThat(opened).containsExactly(1, 2, 3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(2), Duration.ofMillis(2), Duration.ofMillis(2));
        assertThat(model.hops()).isEqualTo(3);
    }

    @Test
    void decorate_hasKeyAndDestroyKey_doNotWait() {
        HsmNetworkModel model = model(2, 0, 0.0);
        HsmBackend backend = model.decorate(new InJvmHsmBackend());
        String handle = backend.generateAesKey("label");
        sleeps.clear();

        assertThat(backend.hasKey(handle)).isTrue();
        backend.destroyKey(handle);

        assertThat(backend.hasKey(handle)).isFalse();
        assertThat(sleeps).isEmpty();
        assertThat(backend.describe()).startsWith("in-jvm").contains("modelled hop (2.0 ms +/- 0.0 ms)");
    }

    @Test
    void nextDelay_withJitter_isRoundTripPlusScaledJitter() {
        assertThat(model(4, 2, 1.0).nextDelay()).isEqualTo(Duration.ofMillis(6));
        assertThat(model(4, 2, -1.0).nextDelay()).isEqualTo(Duration.ofMillis(2));
        assertThat(model(4, 2, 0.5).nextDelay()).isEqualTo(Duration.ofMillis(5));
        assertThat(model(4, 4, -1.0).nextDelay()).isEqualTo(Duration.ZERO);
    }

    @Test
    void nextDelay_uniformOutOfRange_isClampedToRoundTripPlusOrMinusJitter() {
        assertThat(model(4, 2, 7.0).nextDelay()).isEqualTo(Duration.ofMillis(6));
        assertThat(model(4, 2, -7.0).nextDelay()).isEqualTo(Duration.ofMillis(2));
    }

    @Test
    void nextDelay_defaultRandom_staysWithinBounds() {
        HsmNetworkModel model = new HsmNetworkModel(Duration.ofMillis(3), Duration.ofMillis(1));
        for (int i = 0; i < 1000; i++) {
            assertThat(model.nextDelay()).isBetween(Duration.ofMillis(2), Duration.ofMillis(4));
        }
    }

    @Test
    void hop_zeroRoundTrip_countsButDoesNotSleep() {
        HsmNetworkModel model = model(0, 0, 0.0);
        model.decorate(new InJvmHsmBackend()).generateAesKey("label");
        assertThat(model.hops()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void hop_interrupted_throwsHsmCryptoExceptionAndKeepsInterruptFlag() {
        HsmNetworkModel model = new HsmNetworkModel(Duration.ofMillis(1), Duration.ZERO, d -> {
            throw new InterruptedException("stop");
        }, () -> 0.0);
        HsmBackend backend = model.decorate(new InJvmHsmBackend());
        try {
            assertThatThrownBy(() -> backend.generateAesKey("label")).isInstanceOf(HsmCryptoException.class)
                    .hasMessageContaining("Interrupted during the modelled network hop");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void constructor_negativeRoundTrip_namesValueAndFix() {
        assertThatThrownBy(() -> model(-1, 0, 0.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("roundTrip must not be negative, got -1 ms").hasMessageContaining("use 0 or more");
    }

    @Test
    void constructor_negativeJitter_namesValueAndFix() {
        assertThatThrownBy(() -> model(2, -1, 0.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jitter must not be negative, got -1 ms").hasMessageContaining("use 0");
    }

    @Test
    void constructor_jitterLargerThanRoundTrip_namesBothAndTheLimit() {
        assertThatThrownBy(() -> model(2, 3, 0.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jitter 3 ms is larger than roundTrip 2 ms")
                .hasMessageContaining("use a jitter of at most 2 ms");
    }

    @Test
    void constructor_roundTripOverTenSeconds_namesValueAndMaximum() {
        assertThatThrownBy(() -> model(10_001, 0, 0.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("roundTrip 10001 ms is over the maximum of 10000 ms");
    }

    @Test
    void constructor_tenSeconds_isAccepted() {
        assertThat(model(10_000, 10_000, 0.0).roundTrip()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void constructor_nullRoundTrip_throwsNpeNamingIt() {
        assertThatThrownBy(() -> new HsmNetworkModel(null, Duration.ZERO)).isInstanceOf(NullPointerException.class)
                .hasMessage("roundTrip must not be null");
    }
}
