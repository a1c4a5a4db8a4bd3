package io.github.hsmkeystore.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Time limits put on every AWS request hsm-keystore sends: one per HTTP attempt and one per call (all retries
 * included). They are set on each request ({@code apiCallAttemptTimeout} and {@code apiCallTimeout} of its override
 * configuration), so they apply to the clients you pass in and take precedence over those clients' own timeouts;
 * the clients' retry policy still decides how many attempts fit in the call limit.
 *
 * <p>The AWS SDK sets no call timeout by default: an endpoint that accepts connections and never answers blocks
 * each attempt until the socket read timeout (30 s), and the retries add up to about two minutes. With
 * {@link #defaults()} such a call fails after at most 20 seconds with a {@link ProvisioningException}.
 *
 * <pre>{@code
 * KeyStoreBuilder.standardKms(kms).callTimeouts(CallTimeouts.of(Duration.ofSeconds(2), Duration.ofSeconds(5)));
 * KeyStoreBuilder.standardKms(kms).callTimeouts(CallTimeouts.clientDefaults());   // keep the clients' own settings
 * }</pre>
 */
public final class CallTimeouts {
    private static final CallTimeouts DEFAULTS = new CallTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(20));
    private static final CallTimeouts CLIENT_DEFAULTS = new CallTimeouts(null, null);

    private final Duration perAttempt;
    private final Duration perCall;

    private CallTimeouts(Duration perAttempt, Duration perCall) {
        this.perAttempt = perAttempt;
        this.perCall = perCall;
    }

    /**
     * The defaults: 10 seconds per attempt, 20 seconds per call.
     *
     * @return the default timeouts
     */
    public static CallTimeouts defaults() {
        return DEFAULTS;
    }

    /**
     * No timeout of hsm-keystore's own: the timeouts configured on the clients you pass in (or the SDK's) apply.
     *
     * @return timeouts that leave the requests unchanged
     */
    public static CallTimeouts clientDefaults() {
        return CLIENT_DEFAULTS;
    }

    /**
     * Timeouts of your choice.
     *
     * @param perAttempt the longest one HTTP attempt may take (positive)
     * @param perCall the longest one call may take, retries included (positive, not shorter than {@code perAttempt})
     * @return the timeouts
     * @throws IllegalArgumentException if a duration is not positive or {@code perCall} is shorter than {@code perAttempt}
     */
    public static CallTimeouts of(Duration perAttempt, Duration perCall) {
        Objects.requireNonNull(perAttempt, "perAttempt must not be null");
        Objects.requireNonNull(perCall, "perCall must not be null");
        List<String> problems = new ArrayList<>();
        if (perAttempt.isZero() || perAttempt.isNegative()) {
            problems.add("perAttempt must be positive, got " + perAttempt);
        }
        if (perCall.isZero() || perCall.isNegative()) {
            problems.add("perCall must be positive, got " + perCall);
        }
        if (perCall.compareTo(perAttempt) < 0) {
            problems.add("perCall (" + perCall + ") must not be shorter than perAttempt (" + perAttempt + ")");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid CallTimeouts: " + String.join("; ", problems));
        }
        return new CallTimeouts(perAttempt, perCall);
    }

    /**
     * The limit on one HTTP attempt.
     *
     * @return the duration, or empty for {@link #clientDefaults()}
     */
    public Optional<Duration> perAttempt() {
        return Optional.ofNullable(perAttempt);
    }

    /**
     * The limit on one call, retries included.
     *
     * @return the duration, or empty for {@link #clientDefaults()}
     */
    public Optional<Duration> perCall() {
        return Optional.ofNullable(perCall);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallTimeouts c && Objects.equals(perAttempt, c.perAttempt) && Objects.equals(perCall, c.perCall);
    }

    @Override
    public int hashCode() {
        return Objects.hash(perAttempt, perCall);
    }

    @Override
    public String toString() {
        return perAttempt == null ? "CallTimeouts[client defaults]"
                : "CallTimeouts[perAttempt=" + perAttempt + ", perCall=" + perCall + "]";
    }
}
