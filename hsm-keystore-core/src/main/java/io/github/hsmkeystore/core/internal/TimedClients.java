package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.CallTimeouts;
import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Puts {@link CallTimeouts} on every request sent through a client, in one place: a view of the caller's client whose
 * every request gets {@code apiCallAttemptTimeout} and {@code apiCallTimeout} (unless the request already has its own).
 * The SDK client interfaces build each request from a consumer in default methods that call the request-taking method,
 * so the views ({@link TimedKmsClient}, {@link TimedCloudHsmClient}, {@link TimedDynamoDbClient}) override only those
 * and cover both forms and the paginators.
 */
public final class TimedClients {
    private TimedClients() {
    }

    /**
     * A view of {@code client} that applies {@code timeouts}; {@code client} itself when they are the client defaults.
     *
     * @param type the client interface: {@code KmsClient.class}, {@code CloudHsmV2Client.class} or {@code DynamoDbClient.class}
     * @param client the caller's client (never closed through the view)
     * @param timeouts the timeouts
     * @param <C> the client type
     * @return the view
     * @throws IllegalArgumentException for another client type
     */
    public static <C extends SdkClient> C apply(Class<C> type, C client, CallTimeouts timeouts) {
        if (client == null || timeouts.perCall().isEmpty()) {
            return client;
        }
        Timeouts t = new Timeouts(timeouts.perAttempt().orElseThrow(), timeouts.perCall().orElseThrow(), timeouts);
        if (type == KmsClient.class) {
            KmsClient target = client instanceof TimedKmsClient v ? v.target : (KmsClient) client;
            return type.cast(new TimedKmsClient(target, t));
        }
        if (type == CloudHsmV2Client.class) {
            CloudHsmV2Client target = client instanceof TimedCloudHsmClient v ? v.target : (CloudHsmV2Client) client;
            return type.cast(new TimedCloudHsmClient(target, t));
        }
        if (type == DynamoDbClient.class) {
            DynamoDbClient target = client instanceof TimedDynamoDbClient v ? v.target : (DynamoDbClient) client;
            return type.cast(new TimedDynamoDbClient(target, t));
        }
        throw new IllegalArgumentException("No timed view for " + type.getName());
    }

    /** The two limits, put on a request unless it has its own. */
    static final class Timeouts {
        private final Duration perAttempt;
        private final Duration perCall;
        private final CallTimeouts source;

        Timeouts(Duration perAttempt, Duration perCall, CallTimeouts source) {
            this.perAttempt = perAttempt;
            this.perCall = perCall;
            this.source = source;
        }

        /**
         * Returns {@code request} with the limits it does not set itself.
         *
         * @param request the request
         * @param <R> its type
         * @return a copy with the limits, or {@code request} when it has both
         */
        @SuppressWarnings("unchecked")
        <R extends AwsRequest> R on(R request) {
            AwsRequestOverrideConfiguration existing = request.overrideConfiguration().orElse(null);
            if (existing != null && existing.apiCallAttemptTimeout().isPresent() && existing.apiCallTimeout().isPresent()) {
                return request;
            }
            AwsRequestOverrideConfiguration.Builder b = existing == null ? AwsRequestOverrideConfiguration.builder()
                    : existing.toBuilder();
            if (existing == null || existing.apiCallAttemptTimeout().isEmpty()) {
                b.apiCallAttemptTimeout(perAttempt);
            }
            if (existing == null || existing.apiCallTimeout().isEmpty()) {
                b.apiCallTimeout(perCall);
            }
            return (R) request.toBuilder().overrideConfiguration(b.build()).build();
        }

        @Override
        public String toString() {
            return source.toString();
        }
    }
}
