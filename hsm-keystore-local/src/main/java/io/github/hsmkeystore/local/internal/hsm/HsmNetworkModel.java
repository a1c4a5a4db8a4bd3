package io.github.hsmkeystore.local.internal.hsm;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * A model of the network hop from KMS to a CloudHSM cluster: each call that reaches an HSM waits
 * {@code roundTrip + u * jitter}, with {@code u} uniform in [-1, 1], so the mean is {@code roundTrip} and the delay is
 * never negative (jitter is at most the round trip). A model with made-up numbers, not a measurement of AWS.
 */
public final class HsmNetworkModel {
    /** The largest round trip (and jitter) accepted: beyond it a request would look hung. */
    public static final Duration MAX = Duration.ofSeconds(10);

    /** Waits for a delay; tests inject one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    private final Duration roundTrip;
    private final Duration jitter;
    private final Sleeper sleeper;
    private final DoubleSupplier uniform;
    private final AtomicLong hops = new AtomicLong();

    /**
     * A model that sleeps the calling thread.
     *
     * @throws IllegalArgumentException when the values are out of range (see {@link #validate})
     */
    public HsmNetworkModel(Duration roundTrip, Duration jitter) {
        this(roundTrip, jitter, d -> TimeUnit.NANOSECONDS.sleep(d.toNanos()),
                () -> ThreadLocalRandom.current().nextDouble(-1.0, 1.0));
    }

    /**
     * A model with an injected sleeper and source of the jitter factor.
     *
     * @param uniform returns values in [-1, 1]; the jitter is scaled by it
     */
    public HsmNetworkModel(Duration roundTrip, Duration jitter, Sleeper sleeper, DoubleSupplier uniform) {
        validate(roundTrip, jitter);
        this.roundTrip = roundTrip;
        this.jitter = jitter;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper must not be null");
        this.uniform = Objects.requireNonNull(uniform, "uniform must not be null");
    }

    /**
     * Checks a round trip and jitter: both non-null, 0..{@link #MAX}, and jitter at most the round trip.
     *
     * @throws IllegalArgumentException naming the value and how to fix it
     */
    public static void validate(Duration roundTrip, Duration jitter) {
        Objects.requireNonNull(roundTrip, "roundTrip must not be null");
        Objects.requireNonNull(jitter, "jitter must not be null");
        if (roundTrip.isNegative()) {
            throw new IllegalArgumentException("HSM network model: roundTrip must not be negative, got " + millis(roundTrip)
                    + "; use 0 or more (e.g. 2 ms)");
        }
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("HSM network model: jitter must not be negative, got " + millis(jitter)
                    + "; use 0 for a constant delay");
        }
        if (roundTrip.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("HSM network model: roundTrip " + millis(roundTrip) + " is over the maximum of "
                    + millis(MAX) + "; a modelled hop to an HSM takes milliseconds: use a round trip of at most " + millis(MAX));
        }
        if (jitter.compareTo(roundTrip) > 0) {
            throw new IllegalArgumentException("HSM network model: jitter " + millis(jitter) + " is larger than roundTrip "
                    + millis(roundTrip) + ", so a delay could be negative; use a jitter of at most " + millis(roundTrip));
        }
    }

    private static String millis(Duration d) {
        long nanos = d.toNanos();
        return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + " ms" : nanos / 1_000_000.0 + " ms";
    }

    /** Takes one hop: waits the next delay. */
    void hop() {
        Duration delay = nextDelay();
        hops.incrementAndGet();
        if (delay.isZero()) {
            return;
        }
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HsmCryptoException("Interrupted during the modelled network hop to the HSM", e);
        }
    }

    /** {@code roundTrip + u * jitter}, never negative. */
    Duration nextDelay() {
        if (jitter.isZero()) {
            return roundTrip;
        }
        double u = Math.max(-1.0, Math.min(1.0, uniform.getAsDouble()));
        long nanos = roundTrip.toNanos() + Math.round(u * jitter.toNanos());
        return Duration.ofNanos(Math.max(0, nanos));
    }

    /** How many hops were taken so far. */
    public long hops() {
        return hops.get();
    }

    public Duration roundTrip() {
        return roundTrip;
    }

    public Duration jitter() {
        return jitter;
    }

    /** Decorates a backend so that its key generation and ciphers take the hop first. */
    public HsmBackend decorate(HsmBackend backend) {
        return new NetworkModelHsmBackend(backend, this);
    }

    @Override
    public String toString() {
        return "HsmNetworkModel[roundTrip=" + millis(roundTrip) + ", jitter=" + millis(jitter) + "]";
    }
}
