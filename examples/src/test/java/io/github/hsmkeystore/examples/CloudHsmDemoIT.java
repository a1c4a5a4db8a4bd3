package io.github.hsmkeystore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;

class CloudHsmDemoIT {

    @Test
    void run_onEmbeddedEmulator_readsProductBackFromTableEncryptedWithCloudHsmKey() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CloudHsmDemo.Result result;
        try (ExampleEnvironment env = ExampleEnvironment.fromArgs(new String[0]);
             PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            result = CloudHsmDemo.run(env, out);
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(result.product().getName()).isEqualTo("Laptop");
        assertThat(result.table().keyOrigin()).isEqualTo("AWS_CLOUDHSM");
        assertThat(result.table().kmsKeyArn()).isEqualTo(result.key().arn());
        assertThat(printed).contains("Product read back: Product[id=laptop-001, name=Laptop, price=1299.99")
                .contains("origin:           AWS_CLOUDHSM").contains("custom key store: cks-")
                .doesNotContain("4111111111111111");
    }

    @Test
    void main_twiceAgainstOneStandaloneEmulator_leavesExactlyOneOfEachResource() {
        try (LocalHsmKeyStore standalone = LocalHsmKeyStore.builder().transitionDelay(Duration.ofMillis(50)).start()) {
            String[] args = {"--endpoint", standalone.endpoint().toString()};
            for (int run = 0; run < 2; run++) {
                try (ExampleEnvironment env = ExampleEnvironment.fromArgs(args)) {
                    CloudHsmDemo.run(env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                }
            }
            var clusters = standalone.cloudHsmClient().describeClusters().clusters().stream()
                    .filter(c -> c.state() != ClusterState.DELETED).toList();
            assertThat(clusters).hasSize(1);
            assertThat(clusters.get(0).hsms()).hasSize(2);
            assertThat(standalone.kmsClient().describeCustomKeyStores().customKeyStores()).hasSize(1);
            assertThat(standalone.kmsClient().listKeys().keys()).hasSize(1);
            assertThat(standalone.kmsClient().listAliases().aliases()).extracting(a -> a.aliasName())
                    .isEqualTo(List.of(CloudHsmDemo.ALIAS));
            assertThat(standalone.dynamoDbClient().listTables().tableNames()).containsExactly(CloudHsmDemo.TABLE);
            assertThat(standalone.requestCount("kms", "CreateKey")).isEqualTo(1);
            assertThat(standalone.requestCount("cloudhsmv2", "CreateCluster")).isEqualTo(1);
        }
    }

    @Test
    void main_withUnknownOption_explainsUsage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExampleEnvironment.fromArgs(new String[] {"--bogus"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--endpoint URL | --aws [--yes]");
    }
}
