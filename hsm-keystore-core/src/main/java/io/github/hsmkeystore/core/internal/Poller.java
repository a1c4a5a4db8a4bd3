package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.ProvisioningException;
import io.github.hsmkeystore.core.ProvisioningTimeoutException;
import io.github.hsmkeystore.core.Step;
import io.github.hsmkeystore.core.WaitPolicy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one poller behind every wait: interval with backoff up to a maximum, and a timeout per wait. Every Describe call
 * of a run goes through {@link #describe}, which keeps each Describe operation to at most
 * {@link WaitPolicy#maxDescribeCallsPerSecond()} calls in any one-second window (AWS request quotas are per API
 * operation), across the waits and lookups of the run. Time and sleeping are injectable so unit tests run instantly.
 */
public final class Poller {
    private static final Logger log = LoggerFactory.getLogger(Poller.class);

    /** Sleeps; {@link Thread#sleep} in production, a clock advance in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final WaitPolicy policy;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    /** Per Describe operation, the send times of its latest calls (at most maxDescribeCallsPerSecond kept). */
    private final Map<String, ArrayDeque<Long>> recentCalls = new HashMap<>();
    private int totalProbes;

    public Poller(WaitPolicy policy, LongSupplier nanoTime, Sleeper sleeper) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** A poller on the system clock. */
    public static Poller system(WaitPolicy policy) {
        return new Poller(policy, System::nanoTime, d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000)));
    }

    public WaitPolicy policy() {
        return policy;
    }

    /** Probes made by the waits of this poller so far. */
    public int totalProbes() {
        return totalProbes;
    }

    /**
     * Makes one Describe call once the rate allows it: at most {@link WaitPolicy#maxDescribeCallsPerSecond()} calls of
     * {@code operation} in any one-second window (measured at send time), sleeping until the oldest of the last ones
     * is a second old if needed. Thread-safe; the sleep holds no lock.
     *
     * @param operation the AWS operation name, e.g. {@code DescribeClusters}
     * @param call the call
     * @return what the call returned
     */
    public <T> T describe(String operation, Supplier<T> call) {
        long window = Duration.ofSeconds(1).toNanos();
        while (true) {
            long wait;
            synchronized (recentCalls) {
                ArrayDeque<Long> recent = recentCalls.computeIfAbsent(operation, k -> new ArrayDeque<>());
                long now = nanoTime.getAsLong();
                while (!recent.isEmpty() && now - recent.peekFirst() >= window) {
                    recent.pollFirst();
                }
                if (recent.size() < policy.maxDescribeCallsPerSecond()) {
                    recent.addLast(now);
                    break;
                }
                wait = recent.peekFirst() + window - now;
            }
            sleep(Step.HEALTH, operation, Duration.ofNanos(wait));
        }
        return call.get();
    }

    /**
     * Calls {@code probe} until {@code done} holds for its result, and returns that result.
     *
     * @param step the step waiting (for the exception)
     * @param resourceId what is waited for
     * @param wanted the wanted condition, for messages ("cluster state ACTIVE")
     * @param probe one Describe call, made through {@link #describe} so that it counts towards the rate; returns the
     *     current view
     * @param state the state name of a view, for logs and the timeout exception
     * @param done whether the view is the wanted one
     */
    public <T> T await(Step step, String resourceId, String wanted, Supplier<T> probe, Function<T, String> state,
                       Predicate<T> done) {
        return poll(false, step, resourceId, wanted, probe, state, done);
    }

    /**
     * Like {@link #await}; with {@code justChanged} (the caller has just made a call that starts an asynchronous change:
     * CreateCluster, CreateHsm, InitializeCluster, ConnectCustomKeyStore, CreateTable...) the change cannot be complete
     * yet, so the first Describe call comes after {@link WaitPolicy#interval()} instead of at once, where it could only
     * see the state the call itself returned and would spend a slot of the Describe rate.
     */
    public <T> T await(boolean justChanged, Step step, String resourceId, String wanted, Supplier<T> probe,
                       Function<T, String> state, Predicate<T> done) {
        return poll(justChanged, step, resourceId, wanted, probe, state, done);
    }

    private <T> T poll(boolean justChanged, Step step, String resourceId, String wanted, Supplier<T> probe,
                       Function<T, String> state, Predicate<T> done) {
        long start = nanoTime.getAsLong();
        Duration wait = policy.interval();
        if (justChanged) {
            sleep(step, resourceId, wait.compareTo(policy.timeout()) > 0 ? policy.timeout() : wait);
            wait = next(wait);
        }
        int attempts = 0;
        String lastState = null;
        while (true) {
            T view = probe.get();
            attempts++;
            totalProbes++;
            lastState = view == null ? null : state.apply(view);
            if (view != null && done.test(view)) {
                log.debug("Wait done [step={}, resource={}, state={}, attempts={}]", step, resourceId, lastState, attempts);
                return view;
            }
            Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - start);
            if (elapsed.compareTo(policy.timeout()) >= 0) {
                throw new ProvisioningTimeoutException(step, resourceId, "Timed out after " + elapsed + " and "
                        + attempts + " checks waiting for " + wanted + " of " + resourceId + "; last state " + lastState
                        + ". Run provision() again to keep waiting, or raise WaitPolicy.timeout (now "
                        + policy.timeout() + ").", lastState, attempts, elapsed);
            }
            log.debug("Waiting [step={}, resource={}, state={}, wanted={}, attempt={}]", step, resourceId, lastState,
                    wanted, attempts);
            Duration remaining = policy.timeout().minus(elapsed);
            sleep(step, resourceId, wait.compareTo(remaining) > 0 ? remaining : wait);
            wait = next(wait);
        }
    }

    private Duration next(Duration wait) {
        double nanos = wait.toNanos() * policy.backoffMultiplier();
        long capped = (long) Math.min(nanos, (double) policy.maxInterval().toNanos());
        return Duration.ofNanos(capped);
    }

    private void sleep(Step step, String resourceId, Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException(step, resourceId, "Interrupted while waiting for " + resourceId
                    + "; run provision() again to resume", e);
        }
    }
}
