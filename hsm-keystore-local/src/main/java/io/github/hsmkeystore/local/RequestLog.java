package io.github.hsmkeystore.local;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The most recent API requests, newest last, bounded so a long benchmark does not grow memory. */
final class RequestLog {
    static final int CAPACITY = 100_000;
    private final Deque<RecordedRequest> entries = new ArrayDeque<>();
    private final java.util.function.Supplier<java.time.Instant> clock;

    RequestLog(java.util.function.Supplier<java.time.Instant> clock) {
        this.clock = clock;
    }

    synchronized void record(String service, String operation, String region, int status, String errorType) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(new RecordedRequest(clock.get(), Objects.requireNonNullElse(service, "unknown"),
                Objects.requireNonNullElse(operation, "unknown"), Objects.requireNonNullElse(region, "unknown"), status,
                Optional.ofNullable(errorType)));
    }

    synchronized List<RecordedRequest> snapshot() {
        return List.copyOf(entries);
    }

    synchronized void clear() {
        entries.clear();
    }
}
