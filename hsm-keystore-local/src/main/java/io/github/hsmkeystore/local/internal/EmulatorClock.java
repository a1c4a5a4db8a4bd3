package io.github.hsmkeystore.local.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's clock: it follows real time and can be moved forward (never back). Every time-based
 * behaviour (state transition delays, deletion windows, caches) reads this clock, never the system
 * clock, so tests can jump over a 7-day window in one call. Transitions are evaluated lazily: a
 * resource compares "due at" instants with {@link #now()} whenever it is read, so moving the clock
 * takes effect on the next request.
 */
public final class EmulatorClock {
    private final AtomicLong offsetNanos = new AtomicLong();

    public Instant now() {
        return Instant.now().plusNanos(offsetNanos.get());
    }

    /** Moves the clock forward by {@code amount}. */
    public void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("The emulator clock only moves forward; got " + amount);
        }
        offsetNanos.addAndGet(amount.toNanos());
    }

    /** How far the clock has been moved ahead of real time. */
    public Duration offset() {
        return Duration.ofNanos(offsetNanos.get());
    }
}
