package io.github.hsmkeystore.local;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One API request the emulator answered, for tests that count calls (e.g. "a second provision makes no
 * create call").
 *
 * @param time when the emulator answered, on the emulator clock
 * @param service {@code kms}, {@code cloudhsmv2} or {@code dynamodb} ({@code unknown} for an unknown target)
 * @param operation the operation name, e.g. {@code CreateKey} ({@code unknown} when the request named none)
 * @param region the Region of the request
 * @param status the HTTP status answered
 * @param errorType the AWS error type, or empty on success
 */
public record RecordedRequest(Instant time, String service, String operation, String region, int status,
                              Optional<String> errorType) {
    /**
     * Checks that no component is null.
     *
     * @param time when the emulator answered, on the emulator clock
     * @param service {@code kms}, {@code cloudhsmv2} or {@code dynamodb} ({@code unknown} for an unknown target) ({@code unknown} for an unknown target)
     * @param operation the operation name, e.g. {@code CreateKey} ({@code unknown} when the request named none) ({@code unknown} when the request named none)
     * @param region the Region of the request
     * @param status the HTTP status answered
     * @param errorType the AWS error type, or empty on success
     */
    public RecordedRequest {
        Objects.requireNonNull(time, "time must not be null");
        Objects.requireNonNull(service, "service must not be null");
        Objects.requireNonNull(operation, "operation must not be null");
        Objects.requireNonNull(region, "region must not be null");
        Objects.requireNonNull(errorType, "errorType must not be null (use Optional.empty())");
    }

    /**
     * Whether the request succeeded.
     *
     * @return true when the HTTP status is below 300
     */
    public boolean succeeded() {
        return status < 300;
    }
}
