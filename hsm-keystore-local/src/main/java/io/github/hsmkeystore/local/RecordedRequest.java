package io.github.hsmkeystore.local;

import java.time.Instant;

/**
 * One API request the emulator answered, for tests that count calls (e.g. "a second provision makes no
 * create call").
 *
 * @param time when the emulator answered, on the emulator clock
 * @param service {@code kms}, {@code cloudhsmv2} or {@code dynamodb}
 * @param operation the operation name, e.g. {@code CreateKey}
 * @param region the Region of the request
 * @param status the HTTP status answered
 * @param errorType the AWS error type, or null on success
 */
public record RecordedRequest(Instant time, String service, String operation, String region, int status, String errorType) {
    /**
     * Whether the request succeeded.
     *
     * @return true when the HTTP status is below 300
     */
    public boolean succeeded() {
        return status < 300;
    }
}
