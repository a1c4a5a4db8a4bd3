package io.github.hsmkeystore.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * The standalone jar ({@code java -jar target/hsm-keystore-local.jar --port N}): it announces its endpoint, serves
 * any AWS client (here boto3 running the seed runbook, steps 1-4), and stops cleanly on SIGTERM.
 */
class StandaloneJarIT {
    private static final Path JAR = Path.of("target", "hsm-keystore-local.jar");
    private static final Path RUNBOOK = Path.of("src", "test", "python", "runbook.py");
    private static final Pattern ENDPOINT = Pattern.compile("(http://127\\.0\\.0\\.1:(\\d+))");

    private Process process;
    private BufferedReader stdout;
    private final List<String> output = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        assertThat(JAR).as("the shaded jar is built in the package phase, before integration tests").exists();
        process = new ProcessBuilder(javaBinary(), "-jar", JAR.toString(), "--port", "0", "--transition-delay-ms", "100")
                .redirectErrorStream(true).start();
        stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private URI awaitEndpoint() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while (System.nanoTime() < deadline && (line = stdout.readLine()) != null) {
            output.add(line);
            Matcher m = ENDPOINT.matcher(line);
            if (m.find()) {
                return URI.create(m.group(1));
            }
        }
        throw new AssertionError("The jar never printed its endpoint; output: " + output);
    }

    @Test
    void jar_printsEndpoint_answersSdk_andStopsCleanlyOnSigterm() throws Exception {
        URI endpoint = awaitEndpoint();
        try (KmsClient kms = KmsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            assertThat(kms.listKeys().keys()).isEmpty();
        }
        process.toHandle().destroy(); // SIGTERM, without closing our end of its output
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("stopped within 15 s of SIGTERM").isTrue();
        String line;
        while ((line = stdout.readLine()) != null) {
            output.add(line);
        }
        assertThat(output).anySatisfy(l -> assertThat(l).contains("hsm-keystore-local stopped"));
    }

    @Test
    void seedRunbook_withBoto3_endsWithCloudHsmBackedKeyAndAlias() throws Exception {
        assumeTrue(hasBoto3(), "python3 with boto3 and cryptography is not installed: the boto3 runbook is skipped");
        URI endpoint = awaitEndpoint();
        Process python = new ProcessBuilder("python3", RUNBOOK.toString(), endpoint.toString()).redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as("runbook.py output:%n%s", out).isZero();
        String lastLine = out.strip().lines().reduce((a, b) -> b).orElseThrow();
        JsonNode result = new ObjectMapper().readTree(lastLine);
        assertThat(result.get("origin").asText()).isEqualTo("AWS_CLOUDHSM");
        assertThat(result.get("keyCustomKeyStoreId").asText()).isEqualTo(result.get("customKeyStoreId").asText());
        assertThat(result.get("cloudHsmClusterId").asText()).isEqualTo(result.get("clusterId").asText());
        // cross-check with the Java SDK: boto3's resources are real emulator state
        try (KmsClient kms = KmsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            KeyMetadata key = kms.describeKey(r -> r.keyId("alias/dynamodb-hsm-key")).keyMetadata();
            assertThat(key.keyId()).isEqualTo(result.get("keyId").asText());
            assertThat(key.origin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        }
    }

    private static boolean hasBoto3() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import boto3, cryptography").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }
}
