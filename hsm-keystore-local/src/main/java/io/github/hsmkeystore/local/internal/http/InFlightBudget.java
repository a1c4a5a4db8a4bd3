package io.github.hsmkeystore.local.internal.http;

import java.util.concurrent.atomic.AtomicLong;

/** The memory that requests in flight may take, shared by all connections of one server. */
final class InFlightBudget {
    private final long max;
    private final AtomicLong used = new AtomicLong();

    InFlightBudget(long max) {
        this.max = max;
    }

    long max() {
        return max;
    }

    /** Takes {@code bytes} of the budget if it has them. */
    boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            if (bytes > max - now) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }
}
