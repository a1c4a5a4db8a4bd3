package io.github.hsmkeystore.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How provisioning polls AWS for long-running state changes (KMS and CloudHSMv2 have no SDK waiters): first
 * interval, backoff multiplier, maximum interval, and a timeout per step. However short the interval, no Describe
 * operation is called more than {@link #maxDescribeCallsPerSecond()} times in any one-second window (5 by default;
 * AWS request quotas are set per API operation), across all the waits and lookups of one run.
 *
 * <pre>{@code
 * WaitPolicy.defaults();                                        // 50 ms, x1.5 up to 30 s; 30-minute steps
 * WaitPolicy.builder().timeout(Duration.ofSeconds(20)).build(); // fail sooner, e.g. in tests
 * }</pre>
 */
public final class WaitPolicy {
    private static final WaitPolicy DEFAULTS = builder().build();

    private final Duration interval;
    private final double backoffMultiplier;
    private final Duration maxInterval;
    private final Duration timeout;
    private final int maxDescribeCallsPerSecond;

    private WaitPolicy(Builder b) {
        this.interval = b.interval;
        this.backoffMultiplier = b.backoffMultiplier;
        this.maxInterval = b.maxInterval;
        this.timeout = b.timeout;
        this.maxDescribeCallsPerSecond = b.maxDescribeCallsPerSecond;
    }

    /**
     * Defaults that are fast on the emulator and polite on AWS: the first poll 50 ms after the call that started the
     * change, then the interval grows x1.5 up to 30 s (a 10-minute HSM creation costs about 35 Describe calls), 30
     * minutes per step (connecting a custom key store can take 20), and never more than 5 calls of one Describe
     * operation in any second.
     *
     * @return the default policy
     */
    public static WaitPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder with the defaults.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder with this policy's values.
     *
     * @return a builder with this policy's values
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.interval = interval;
        b.backoffMultiplier = backoffMultiplier;
        b.maxInterval = maxInterval;
        b.timeout = timeout;
        b.maxDescribeCallsPerSecond = maxDescribeCallsPerSecond;
        return b;
    }

    /**
     * Returns the wait before the second poll; after a call that starts the change waited for (CreateCluster,
     * CreateHsm, InitializeCluster, ConnectCustomKeyStore, CreateTable), also the wait before the first poll, since the
     * call's own answer already shows the change in progress.
     *
     * @return the wait before the second poll
     */
    public Duration interval() {
        return interval;
    }

    /**
     * Returns the factor applied to the interval after each poll.
     *
     * @return the factor applied to the interval after each poll
     */
    public double backoffMultiplier() {
        return backoffMultiplier;
    }

    /**
     * Returns the longest wait between two polls.
     *
     * @return the longest wait between two polls
     */
    public Duration maxInterval() {
        return maxInterval;
    }

    /**
     * Returns how long one step may wait before {@link ProvisioningTimeoutException}.
     *
     * @return how long one step may wait before {@link ProvisioningTimeoutException}
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Returns the most calls of one Describe operation made in any one-second window.
     *
     * @return the most calls of one Describe operation made in any one-second window
     */
    public int maxDescribeCallsPerSecond() {
        return maxDescribeCallsPerSecond;
    }

    @Override
    public String toString() {
        return "WaitPolicy[interval=" + interval + ", backoff=" + backoffMultiplier + ", maxInterval=" + maxInterval
                + ", timeout=" + timeout + ", maxDescribeCallsPerSecond=" + maxDescribeCallsPerSecond + "]";
    }

    /** Builds a {@link WaitPolicy}. */
    public static final class Builder {
        private Duration interval = Duration.ofMillis(50);
        private double backoffMultiplier = 1.5;
        private Duration maxInterval = Duration.ofSeconds(30);
        private Duration timeout = Duration.ofMinutes(30);
        private int maxDescribeCallsPerSecond = 5;

        private Builder() {
        }

        /**
         * Sets the wait before the second poll (positive).
         *
         * @param interval the wait before the second poll (positive)
         * @return this builder
         */
        public Builder interval(Duration interval) {
            this.interval = Objects.requireNonNull(interval, "interval must not be null");
            return this;
        }

        /**
         * Sets the factor applied after each poll (at least 1).
         *
         * @param backoffMultiplier the factor applied after each poll (at least 1)
         * @return this builder
         */
        public Builder backoffMultiplier(double backoffMultiplier) {
            this.backoffMultiplier = backoffMultiplier;
            return this;
        }

        /**
         * Sets the longest wait between polls (at least the interval).
         *
         * @param maxInterval the longest wait between polls (at least the interval)
         * @return this builder
         */
        public Builder maxInterval(Duration maxInterval) {
            this.maxInterval = Objects.requireNonNull(maxInterval, "maxInterval must not be null");
            return this;
        }

        /**
         * Sets how long one step may wait (positive).
         *
         * @param timeout how long one step may wait (positive)
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
            return this;
        }

        /**
         * Sets the most calls of one Describe operation in any one-second window. Raising this above 5 can exceed AWS
         * request quotas (KMS sets one per API operation); do it only against an emulator.
         *
         * @param maxDescribeCallsPerSecond 1..1000
         * @return this builder
         */
        public Builder maxDescribeCallsPerSecond(int maxDescribeCallsPerSecond) {
            this.maxDescribeCallsPerSecond = maxDescribeCallsPerSecond;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalArgumentException listing every invalid value
         */
        public WaitPolicy build() {
            List<String> problems = new ArrayList<>();
            if (interval.isZero() || interval.isNegative()) {
                problems.add("interval must be positive, got " + interval);
            }
            if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
                problems.add("backoffMultiplier must be at least 1, got " + backoffMultiplier);
            }
            if (maxInterval.compareTo(interval) < 0) {
                problems.add("maxInterval (" + maxInterval + ") must not be shorter than interval (" + interval + ")");
            }
            if (timeout.isZero() || timeout.isNegative()) {
                problems.add("timeout must be positive, got " + timeout);
            }
            if (maxDescribeCallsPerSecond < 1 || maxDescribeCallsPerSecond > 1000) {
                problems.add("maxDescribeCallsPerSecond must be 1..1000, got " + maxDescribeCallsPerSecond);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Invalid WaitPolicy: " + String.join("; ", problems));
            }
            return new WaitPolicy(this);
        }
    }
}
