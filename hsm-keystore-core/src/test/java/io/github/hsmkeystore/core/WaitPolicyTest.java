package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitPolicyTest {

    @Test
    void defaults_fitRealAws() {
        WaitPolicy p = WaitPolicy.defaults();
        assertThat(p.timeout()).isGreaterThanOrEqualTo(Duration.ofMinutes(20)); // connect can take 20 minutes
        assertThat(p.maxDescribeCallsPerSecond()).isLessThanOrEqualTo(5);
        assertThat(p.interval()).isLessThanOrEqualTo(p.maxInterval());
    }

    @Test
    void defaults_startShortAndBackOff() {
        WaitPolicy p = WaitPolicy.defaults();
        assertThat(p.interval()).isLessThanOrEqualTo(Duration.ofMillis(100));
        assertThat(p.backoffMultiplier()).isGreaterThan(1.0);
        assertThat(p.maxInterval()).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void build_invalidValues_listsAll() {
        assertThatThrownBy(() -> WaitPolicy.builder().interval(Duration.ZERO).backoffMultiplier(0.5)
                .timeout(Duration.ofSeconds(-1)).maxDescribeCallsPerSecond(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval must be positive")
                .hasMessageContaining("backoffMultiplier")
                .hasMessageContaining("timeout")
                .hasMessageContaining("maxDescribeCallsPerSecond");
    }

    @Test
    void toBuilder_copiesValues() {
        WaitPolicy p = WaitPolicy.builder().interval(Duration.ofMillis(20)).maxInterval(Duration.ofMillis(50)).build();
        WaitPolicy q = p.toBuilder().timeout(Duration.ofSeconds(3)).build();
        assertThat(q.interval()).isEqualTo(Duration.ofMillis(20));
        assertThat(q.maxInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(q.timeout()).isEqualTo(Duration.ofSeconds(3));
    }
}
