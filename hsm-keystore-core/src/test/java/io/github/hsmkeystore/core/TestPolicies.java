package io.github.hsmkeystore.core;

import java.time.Duration;

/** Wait policies for the emulator (default transition delay 50 ms). */
final class TestPolicies {
    static final WaitPolicy FAST = WaitPolicy.builder().interval(Duration.ofMillis(20)).backoffMultiplier(1.0)
            .maxInterval(Duration.ofMillis(20)).timeout(Duration.ofSeconds(20)).maxDescribeCallsPerSecond(100).build();

    private TestPolicies() {
    }
}
