package io.github.hsmkeystore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;
import software.amazon.awssdk.services.kms.model.OriginType;

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
        assertThat(result.table().keyOrigin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        assertThat(result.table().kmsKeyArn()).isEqualTo(result.key().arn());
        assertThat(printed).contains("Product read back: Product[id=laptop-001, name=Laptop, price=1299.99")
                .contains("origin:           AWS_CLOUDHSM").contains("custom key store: cks-")
                .doesNotContain("4111111111111111");
    }

    @Test
    void main_twiceAgainstOneStandaloneEmulator_leavesExactlyOneOfEachResource() throws Exception {
        Path jar = Path.of("..", "hsm-keystore-local", "target", "hsm-keystore-local.jar");
        assertThat(jar).as("the standalone emulator jar (built by the reactor's package phase of hsm-keystore-local)").exists();
        Process standalone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "--port", "0", "--transition-delay-ms", "50").redirectErrorStream(true).start();
        try {
            URI endpoint = awaitEndpoint(standalone);
            String[] args = {"--endpoint", endpoint.toString()};
            for (int run = 0; run < 2; run++) {
                try (ExampleEnvironment env = ExampleEnvironment.fromArgs(args)) {
                    CloudHsmDemo.run(env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                }
            }
            try (ExampleEnvironment env = ExampleEnvironment.fromArgs(args)) {
                var clusters = env.cloudHsm.describeClusters().clusters().stream()
                        .filter(c -> c.state() != ClusterState.DELETED).toList();
                assertThat(clusters).hasSize(1);
                assertThat(clusters.get(0).hsms()).hasSize(2);
                assertThat(env.kms.describeCustomKeyStores().customKeyStores()).hasSize(1);
                assertThat(env.kms.listKeys().keys()).hasSize(1);
                assertThat(env.kms.listAliases().aliases()).extracting(a -> a.aliasName()).isEqualTo(List.of(CloudHsmDemo.ALIAS));
                assertThat(env.dynamoDb.listTables().tableNames()).containsExactly(CloudHsmDemo.TABLE);
            }
        } finally {
            standalone.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static URI awaitEndpoint(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Matcher m;
        String line;
        List<String> seen = new java.util.ArrayList<>();
        while ((line = out.readLine()) != null) {
            seen.add(line);
            m = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)").matcher(line);
            if (m.find()) {
                return URI.create(m.group(1));
            }
        }
        throw new AssertionError("The standalone emulator never printed its endpoint: " + seen);
    }

    @Test
    void main_withUnknownOption_explainsUsage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExampleEnvironment.fromArgs(new String[] {"--bogus"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--endpoint URL | --aws [--yes]");
    }
}
