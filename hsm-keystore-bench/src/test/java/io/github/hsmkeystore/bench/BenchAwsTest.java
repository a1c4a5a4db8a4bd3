package io.github.hsmkeystore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.core.TeardownResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * {@code --target aws} before anything runs: the refusal paths and what each says is missing. No test here calls AWS:
 * the environment and the credentials check are given.
 */
class BenchAwsTest {
    private static final String KMSUSER = "kmsuserPassword1";

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void problems_nothingSet_namesCredentialsRegionAndClusterChoices() {
        List<String> problems = BenchAws.problems(true, false, Map.of(), () -> false);

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("no AWS credentials");
        assertThat(problems.get(1)).contains("AWS_REGION is not set");
        assertThat(problems.get(2)).contains(BenchAws.CLUSTER_ENV).contains("--yes").contains("-p keyStore=STANDARD");
    }

    @Test
    void problems_standardSideOnlyWithCredentialsAndRegion_none() {
        assertThat(BenchAws.problems(false, false, env("AWS_REGION", "eu-west-1"), () -> true)).isEmpty();
    }

    @Test
    void problems_existingClusterWithoutPasswordAndTrustAnchor_namesBoth() {
        List<String> problems = BenchAws.problems(true, false,
                env("AWS_REGION", "eu-west-1", BenchAws.CLUSTER_ENV, "cluster-abcdefghijk"), () -> true);

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains(BenchAws.KMSUSER_PASSWORD_ENV + " is not set");
        assertThat(problems.get(1)).contains(BenchAws.TRUST_ANCHOR_ENV + " is not set");
    }

    @Test
    void problems_existingClusterBadIdAndNoCertificate_namesThem(@TempDir Path dir) {
        List<String> problems = BenchAws.problems(true, false, env("AWS_REGION", "eu-west-1", BenchAws.CLUSTER_ENV, "my-cluster",
                BenchAws.KMSUSER_PASSWORD_ENV, KMSUSER, BenchAws.TRUST_ANCHOR_ENV, dir.toString()), () -> true);

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("my-cluster is not a cluster id");
        assertThat(problems.get(1)).contains("has no customerCA.crt");
    }

    @Test
    void problems_existingClusterComplete_noneAndNoBillableCluster(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("customerCA.crt"), "-----BEGIN CERTIFICATE-----\n");
        Map<String, String> env = env("AWS_REGION", "eu-west-1", BenchAws.CLUSTER_ENV, "cluster-abcdefghijk",
                BenchAws.KMSUSER_PASSWORD_ENV, KMSUSER, BenchAws.TRUST_ANCHOR_ENV, dir.toString());

        assertThat(BenchAws.problems(true, false, env, () -> true)).isEmpty();
        BenchAws aws = BenchAws.fromEnvironment(true, false, env, () -> true);
        assertThat(aws.newCluster()).isFalse();
        assertThat(aws.storeName()).isEqualTo(BenchAws.DEFAULT_STORE_NAME);
        assertThat(aws.toString()).contains("cluster-abcdefghijk").doesNotContain(KMSUSER);
    }

    @Test
    void problems_newClusterWithConsentButNoSubnetsOrAdminPassword_namesThem() {
        List<String> problems = BenchAws.problems(true, true, env("AWS_REGION", "eu-west-1", BenchAws.SUBNETS_ENV, "subnet-1",
                BenchAws.KMSUSER_PASSWORD_ENV, KMSUSER, BenchAws.TRUST_ANCHOR_ENV, "/tmp/ca"), () -> true);

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains(BenchAws.SUBNETS_ENV).contains("at least two subnets").contains("got subnet-1");
        assertThat(problems.get(1)).contains(BenchAws.ADMIN_PASSWORD_ENV + " is not set");
    }

    @Test
    void problems_newClusterWithConsentComplete_none() {
        Map<String, String> env = env("AWS_REGION", "eu-west-1", BenchAws.SUBNETS_ENV, "subnet-1, subnet-2",
                BenchAws.ADMIN_PASSWORD_ENV, "adminPassword1", BenchAws.KMSUSER_PASSWORD_ENV, KMSUSER,
                BenchAws.TRUST_ANCHOR_ENV, "/tmp/ca");

        assertThat(BenchAws.problems(true, true, env, () -> true)).isEmpty();
        assertThat(BenchAws.fromEnvironment(true, true, env, () -> true).newCluster()).isTrue();
    }

    @Test
    void fromEnvironment_problems_throwListingEveryOne() {
        assertThatThrownBy(() -> BenchAws.fromEnvironment(true, false, Map.of(), () -> false))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("--target aws cannot start")
                .hasMessageContaining("no AWS credentials").hasMessageContaining("AWS_REGION")
                .hasMessageContaining(BenchAws.CLUSTER_ENV);
    }

    @Test
    void run_targetAwsWithProblems_refusesBeforeAnyBenchmarkWithExitCode2() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = BenchMain.run(BenchOptions.parse("--target", "aws", "KmsOperationsBenchmark.encrypt"), Map.of(), () -> false);
        } finally {
            System.setErr(err);
        }

        assertThat(code).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("--target aws cannot start (nothing was created)")
                .contains("no AWS credentials").contains("AWS_REGION is not set");
    }

    @Test
    void customSide_keyStoreParameter_decidesWhetherAClusterIsNeeded() throws Exception {
        assertThat(BenchMain.customSide(new CommandLineOptions())).isTrue();
        assertThat(BenchMain.customSide(new CommandLineOptions("-p", "keyStore=STANDARD"))).isFalse();
        assertThat(BenchMain.customSide(new CommandLineOptions("-p", "keyStore=STANDARD,CUSTOM_KEY_STORE"))).isTrue();
    }

    @Test
    void remaining_keysPending_saysWhatIsScheduledAndWhatIsKept() {
        String text = BenchAws.remaining("CUSTOM_KEY_STORE", new TeardownResult(List.of("scheduled deletion of alias/x"), false,
                Optional.of(Instant.parse("2026-12-06T00:00:00Z"))));

        assertThat(text).contains("scheduled deletion of alias/x").contains("after 2026-12-06T00:00:00Z")
                .contains("custom key store").contains("teardown() again");
    }

    @Test
    void remaining_complete_saysNothingRemains() {
        assertThat(BenchAws.remaining("STANDARD", new TeardownResult(List.of(), true, Optional.empty()))).contains("nothing remains");
    }
}
