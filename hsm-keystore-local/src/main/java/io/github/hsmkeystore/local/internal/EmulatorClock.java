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

    /** The furthest the clock may be moved ahead of real time: 200 years (a nanosecond offset holds about 292). */
    public static final Duration MAX_OFFSET = Duration.ofDays(200L * 365);

    /**
     * Moves the clock forward by {@code amount}.
     *
     * @throws IllegalArgumentException when {@code amount} is negative or would move the clock more than
     *                                  {@link #MAX_OFFSET} ahead of real time (the clock is then not moved)
     */
    public void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("The emulator clock only moves forward; got " + amount);
        }
        long max = MAX_OFFSET.toNanos();
        if (amount.compareTo(MAX_OFFSET) > 0) {
            throw tooFar(amount);
        }
        long add = amount.toNanos();
        long before = offsetNanos.getAndUpdate(now -> now > max - add ? now : now + add);
        if (before > max - add) {
            throw tooFar(amount);
        }
    }

    private static IllegalArgumentException tooFar(Duration amount) {
        return new IllegalArgumentException("The emulator clock moves at most " + MAX_OFFSET.toDays()
                + " days ahead of real time in all; advancing it by " + amount.getSeconds() + " s would pass that");
    }

    /** How far the clock has been moved ahead of real time. */
    public Duration offset() {
        return Duration.ofNanos(offsetNanos.get());
    }
}
