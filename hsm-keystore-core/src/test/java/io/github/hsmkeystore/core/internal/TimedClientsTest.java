package io.github.hsmkeystore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.core.CallTimeouts;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.ListKeysRequest;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;

class TimedClientsTest {
    private static final CallTimeouts LIMITS = CallTimeouts.of(Duration.ofSeconds(3), Duration.ofSeconds(7));

    /** A KMS client that records the requests it gets (no network). */
    static class RecordingKms implements KmsClient {
        final List<AwsRequest> seen = new ArrayList<>();

        @Override
        public DescribeKeyResponse describeKey(DescribeKeyRequest request) {
            seen.add(request);
            return DescribeKeyResponse.builder().build();
        }

        @Override
        public ListKeysResponse listKeys(ListKeysRequest request) {
            seen.add(request);
            return ListKeysResponse.builder().truncated(false).build();
        }

        @Override
        public String serviceName() {
            return "kms";
        }

        @Override
        public void close() {
        }
    }

    static Stream<Arguments> clients() {
        return Stream.of(Arguments.of(KmsClient.class, TimedKmsClient.class),
                Arguments.of(CloudHsmV2Client.class, TimedCloudHsmClient.class),
                Arguments.of(DynamoDbClient.class, TimedDynamoDbClient.class));
    }

    /** An SDK upgrade that adds an operation fails here until the view has it, instead of at run time. */
    @ParameterizedTest
    @MethodSource("clients")
    void view_everyRequestTakingOperation_overriddenSoItDelegates(Class<?> type, Class<?> view) {
        List<String> missing = new ArrayList<>();
        for (Method m : type.getMethods()) {
            boolean operation = m.isDefault() && m.getParameterCount() == 1
                    && AwsRequest.class.isAssignableFrom(m.getParameterTypes()[0]) && !m.getName().endsWith("Paginator");
            if (!operation) {
                continue;
            }
            try {
                Method override = view.getDeclaredMethod(m.getName(), m.getParameterTypes());
                assertThat(Modifier.isPublic(override.getModifiers())).as(override.toString()).isTrue();
            } catch (NoSuchMethodException e) {
                missing.add(m.getName());
            }
        }
        assertThat(missing).as("operations of %s the view does not delegate", type.getSimpleName()).isEmpty();
        assertThat(Arrays.stream(view.getDeclaredMethods()).filter(m -> m.getParameterCount() == 1).count())
                .isGreaterThan(10);
    }

    @Test
    void apply_consumerFormAndPaginator_requestsCarryBothLimits() {
        RecordingKms kms = new RecordingKms();
        KmsClient timed = TimedClients.apply(KmsClient.class, kms, LIMITS);

        timed.describeKey(r -> r.keyId("alias/x"));
        timed.listKeysPaginator(r -> { }).keys().forEach(k -> { });

        assertThat(kms.seen).hasSize(2).allSatisfy(r -> {
            AwsRequestOverrideConfiguration o = r.overrideConfiguration().orElseThrow();
            assertThat(o.apiCallAttemptTimeout()).hasValue(Duration.ofSeconds(3));
            assertThat(o.apiCallTimeout()).hasValue(Duration.ofSeconds(7));
        });
        assertThat(((DescribeKeyRequest) kms.seen.get(0)).keyId()).isEqualTo("alias/x");
    }

    @Test
    void apply_requestWithItsOwnCallTimeout_keepsItAndAddsTheOther() {
        RecordingKms kms = new RecordingKms();
        TimedClients.apply(KmsClient.class, kms, LIMITS)
                .describeKey(r -> r.keyId("k").overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMillis(500))));

        AwsRequestOverrideConfiguration o = kms.seen.get(0).overrideConfiguration().orElseThrow();
        assertThat(o.apiCallTimeout()).hasValue(Duration.ofMillis(500));
        assertThat(o.apiCallAttemptTimeout()).hasValue(Duration.ofSeconds(3));
    }

    @Test
    void apply_viewOfAView_wrapsTheCallersClientOnce() {
        RecordingKms kms = new RecordingKms();
        KmsClient inner = TimedClients.apply(KmsClient.class, kms, CallTimeouts.of(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        KmsClient outer = TimedClients.apply(KmsClient.class, inner, LIMITS);

        outer.describeKey(r -> r.keyId("k"));

        assertThat(((TimedKmsClient) outer).target).isSameAs(kms);
        assertThat(kms.seen.get(0).overrideConfiguration().orElseThrow().apiCallTimeout()).hasValue(Duration.ofSeconds(7));
    }

    @Test
    void apply_clientDefaults_returnsTheClientItself() {
        RecordingKms kms = new RecordingKms();
        assertThat(TimedClients.apply(KmsClient.class, kms, CallTimeouts.clientDefaults())).isSameAs(kms);
    }

    @Test
    void apply_viewClosed_callersClientStaysOpen() {
        boolean[] closed = {false};
        RecordingKms kms = new RecordingKms() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        TimedClients.apply(KmsClient.class, kms, LIMITS).close();
        assertThat(closed[0]).isFalse();
    }

    @Test
    void apply_otherClientType_rejectedNamingIt() {
        assertThatThrownBy(() -> TimedClients.apply(SdkClient.class, new RecordingKms(), LIMITS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SdkClient");
    }
}
