package io.github.hsmkeystore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.core.ProvisioningTimeoutException;
import io.github.hsmkeystore.core.Step;
import io.github.hsmkeystore.core.WaitPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PollerTest {
    private final AtomicLong nanos = new AtomicLong();
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<Long> probeTimes = new ArrayList<>();

    private Poller poller(WaitPolicy policy) {
        return new Poller(policy, nanos::get, d -> {
            sleeps.add(d);
            nanos.addAndGet(d.toNanos());
        });
    }

    @Test
    void await_stateReachedOnThirdProbe_returnsItWithBackoff() {
        Poller p = poller(WaitPolicy.builder().interval(Duration.ofSeconds(1)).backoffMultiplier(2)
                .maxInterval(Duration.ofSeconds(10)).build());
        AtomicInteger calls = new AtomicInteger();
        String result = p.await(Step.CLUSTER, "cluster-1", "ACTIVE", () -> calls.incrementAndGet() < 3 ? "PENDING" : "ACTIVE",
                s -> s, "ACTIVE"::equals);
        assertThat(result).isEqualTo("ACTIVE");
        assertThat(calls).hasValue(3);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void await_neverReached_timesOutWithLastStateAttemptsElapsed() {
        Poller p = poller(WaitPolicy.builder().interval(Duration.ofSeconds(5)).backoffMultiplier(1.5)
                .maxInterval(Duration.ofSeconds(30)).timeout(Duration.ofMinutes(30)).build());
        assertThatThrownBy(() -> p.await(Step.CONNECT, "cks-1", "CONNECTED", () -> "CONNECTING", s -> s, "CONNECTED"::equals))
                .isInstanceOfSatisfying(ProvisioningTimeoutException.class, e -> {
                    assertThat(e.lastState()).contains("CONNECTING");
                    assertThat(e.attempts()).isBetween(60, 80);
                    assertThat(e.elapsed()).isEqualTo(Duration.ofMinutes(30));
                    assertThat(e.step()).isEqualTo(Step.CONNECT);
                    assertThat(e.getMessage()).contains("cks-1", "CONNECTING", "CONNECTED");
                });
        assertThat(sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(30)));
    }

    @Test
    void describe_shortIntervalWithDefaultRate_neverMoreThanFiveCallsOfOneOperationInAnySecond() {
        Poller p = new Poller(WaitPolicy.builder().interval(Duration.ofMillis(10)).maxInterval(Duration.ofMillis(10))
                .timeout(Duration.ofSeconds(5)).build(), nanos::get, d -> nanos.addAndGet(d.toNanos()));
        AtomicInteger calls = new AtomicInteger();
        for (int wait = 0; wait < 3; wait++) { // consecutive waits share the limit too
            calls.set(0);
            p.await(Step.ADDITIONAL_HSMS, "x", "done", () -> p.describe("DescribeClusters", () -> {
                probeTimes.add(nanos.get());
                return calls.incrementAndGet();
            }), String::valueOf, n -> n >= 4);
        }
        assertThat(probeTimes).hasSize(12);
        for (int i = 5; i < probeTimes.size(); i++) {
            assertThat(probeTimes.get(i) - probeTimes.get(i - 5)).isGreaterThanOrEqualTo(1_000_000_000L);
        }
        // the first five go at the interval, not spaced out: the limit is a window, not a spacing
        assertThat(probeTimes.get(4) - probeTimes.get(0)).isLessThan(100_000_000L);
    }

    @Test
    void describe_windowIsPerOperation() {
        Poller p = poller(WaitPolicy.defaults());
        List<Long> clusters = new ArrayList<>();
        List<Long> stores = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            p.describe("DescribeClusters", () -> clusters.add(nanos.get()));
        }
        p.describe("DescribeCustomKeyStores", () -> stores.add(nanos.get()));
        assertThat(clusters.subList(0, 5)).containsOnly(0L);
        assertThat(clusters.get(5)).isEqualTo(1_000_000_000L);
        assertThat(stores).containsExactly(1_000_000_000L); // not delayed further by the other operation
        nanos.addAndGet(1_000_000_000L);
        p.describe("DescribeClusters", () -> clusters.add(nanos.get()));
        assertThat(clusters.get(6)).isEqualTo(2_000_000_000L); // old calls leave the window
    }

    @Test
    void describe_concurrentCallers_shareTheWindow() throws Exception {
        Poller p = Poller.system(WaitPolicy.builder().maxDescribeCallsPerSecond(1000).build());
        AtomicInteger calls = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 250; i++) {
                    p.describe("DescribeTable", calls::incrementAndGet);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(calls).hasValue(1000);
    }

    @Test
    void await_interrupted_throwsAndKeepsFlag() {
        Poller p = new Poller(WaitPolicy.builder().interval(Duration.ofMillis(1)).build(), nanos::get, d -> {
            throw new InterruptedException();
        });
        assertThatThrownBy(() -> p.await(Step.CLUSTER, "cluster-1", "ACTIVE", () -> "X", s -> s, s -> false))
                .hasMessageContaining("Interrupted");
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void await_justChanged_firstProbeComesAfterTheIntervalThenBacksOff() {
        Poller p = poller(WaitPolicy.defaults());
        AtomicInteger calls = new AtomicInteger();
        String result = p.await(true, Step.CLUSTER, "cluster-1", "UNINITIALIZED", () -> {
            probeTimes.add(nanos.get());
            return calls.incrementAndGet() < 3 ? "CREATE_IN_PROGRESS" : "UNINITIALIZED";
        }, s -> s, "UNINITIALIZED"::equals);
        assertThat(result).isEqualTo("UNINITIALIZED");
        assertThat(probeTimes).containsExactly(50_000_000L, 125_000_000L, 237_500_000L);
        assertThat(sleeps).containsExactly(Duration.ofMillis(50), Duration.ofMillis(75), Duration.ofNanos(112_500_000L));
    }

    @Test
    void await_notJustChanged_firstProbeAtOnce() {
        Poller p = poller(WaitPolicy.defaults());
        p.await(false, Step.CONNECT, "cks-1", "CONNECTED", () -> {
            probeTimes.add(nanos.get());
            return "CONNECTED";
        }, s -> s, "CONNECTED"::equals);
        assertThat(probeTimes).containsExactly(0L);
        assertThat(sleeps).isEmpty();
    }

    /** On AWS an HSM takes minutes: the default policy starts short, backs off, and stays far below 5 calls a second. */
    @Test
    void await_defaultPolicyOnATenMinuteChange_fewDescribeCallsBackingOff() {
        Poller p = poller(WaitPolicy.defaults());
        long tenMinutes = Duration.ofMinutes(10).toNanos();
        p.await(true, Step.ADDITIONAL_HSMS, "cluster-1", "ACTIVE", () -> {
            probeTimes.add(nanos.get());
            return nanos.get() >= tenMinutes ? "ACTIVE" : "CREATE_IN_PROGRESS";
        }, s -> s, "ACTIVE"::equals);
        assertThat(probeTimes.get(0)).isEqualTo(50_000_000L);
        for (int i = 1; i < probeTimes.size(); i++) {
            long gap = probeTimes.get(i) - probeTimes.get(i - 1);
            assertThat(gap).isGreaterThanOrEqualTo(50_000_000L).isLessThanOrEqualTo(30_000_000_000L);
            if (i > 1) {
                assertThat(gap).isGreaterThanOrEqualTo(probeTimes.get(i - 1) - probeTimes.get(i - 2));
            }
        }
        assertThat(probeTimes).hasSizeBetween(20, 40);
        assertThat(probeTimes.get(probeTimes.size() - 1)).isLessThan(tenMinutes + Duration.ofSeconds(30).toNanos());
    }
}
