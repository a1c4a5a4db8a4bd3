package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;

/** Every request the library sends carries its call timeouts, so a silent endpoint fails in seconds. */
class CallTimeoutsIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    /** Records the override configuration of every request a client sends. */
    static final class Recorder implements ExecutionInterceptor {
        final List<AwsRequestOverrideConfiguration> seen = new CopyOnWriteArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            seen.add(((AwsRequest) context.request()).overrideConfiguration().orElse(null));
        }
    }

    @Test
    void provision_endpointThatNeverAnswers_failsWithTypedErrorWithinTheCallTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             KmsClient kms = LocalHsmKeyStore.configure(KmsClient.builder(),
                     URI.create("http://127.0.0.1:" + silent.getLocalPort())).build()) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // keeps the connection open, never answers
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            assertThatThrownBy(() -> KeyStoreBuilder.standardKms(kms)
                    .callTimeouts(CallTimeouts.of(Duration.ofMillis(300), Duration.ofMillis(900)))
                    .addKey(k -> k.alias("alias/silent")).provision())
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("DescribeKey alias/silent failed").hasMessageContaining("did not answer in time");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(accepted).isNotEmpty();
        }
    }

    @Test
    void provisionAndTable_defaultTimeouts_setOnEveryRequestSent(LocalHsmKeyStore l) {
        Recorder kmsCalls = new Recorder();
        Recorder ddbCalls = new Recorder();
        try (KmsClient kms = l.configure(KmsClient.builder()).overrideConfiguration(o -> o.addExecutionInterceptor(kmsCalls)).build();
             DynamoDbClient ddb = l.configure(DynamoDbClient.builder()).overrideConfiguration(o -> o.addExecutionInterceptor(ddbCalls)).build()) {
            KmsKey key = KeyStoreBuilder.standardKms(kms).waitPolicy(TestPolicies.FAST).addKey(k -> k.alias("alias/timeouts"))
                    .provision().findKey("alias/timeouts").orElseThrow();
            EncryptedTableFactory.create(ddb, kms, TestPolicies.FAST)
                    .table("timeouts", t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(key));
        }
        assertThat(kmsCalls.seen).hasSizeGreaterThan(2);
        assertThat(ddbCalls.seen).hasSizeGreaterThan(1);
        for (List<AwsRequestOverrideConfiguration> seen : List.of(kmsCalls.seen, ddbCalls.seen)) {
            assertThat(seen).allSatisfy(o -> {
                assertThat(o).isNotNull();
                assertThat(o.apiCallAttemptTimeout()).hasValue(Duration.ofSeconds(10));
                assertThat(o.apiCallTimeout()).hasValue(Duration.ofSeconds(20));
            });
        }
    }

    @Test
    void provision_clientDefaults_leavesRequestsUnchanged(LocalHsmKeyStore l) {
        Recorder calls = new Recorder();
        try (KmsClient kms = l.configure(KmsClient.builder()).overrideConfiguration(o -> o.addExecutionInterceptor(calls)).build()) {
            KeyStoreBuilder.standardKms(kms).callTimeouts(CallTimeouts.clientDefaults()).addKey(k -> k.alias("alias/untimed"))
                    .provision();
        }
        assertThat(calls.seen).isNotEmpty().allSatisfy(o -> assertThat(o == null || o.apiCallTimeout().isEmpty()).isTrue());
    }

    @Test
    void of_perCallShorterThanPerAttempt_rejectedNamingBoth() {
        assertThatThrownBy(() -> CallTimeouts.of(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT1S").hasMessageContaining("PT5S");
        assertThat(CallTimeouts.defaults().perAttempt()).hasValue(Duration.ofSeconds(10));
        assertThat(CallTimeouts.defaults().perCall()).hasValue(Duration.ofSeconds(20));
        assertThat(CallTimeouts.clientDefaults().perCall()).isEmpty();
    }
}
