package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.core.internal.ClusterSteps;
import io.github.hsmkeystore.core.internal.Poller;
import io.github.hsmkeystore.core.internal.Progress;
import io.github.hsmkeystore.core.internal.Settings;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.cloudhsmv2.model.Cluster;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;
import software.amazon.awssdk.services.kms.KmsClient;

class CloudHsmCliActivationIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    static final String ADMIN = "AdminPassw0rd";
    static final String KMSUSER = "KmsUserPassw0rd";

    @TempDir
    Path dir;

    /** Brings a new cluster to INITIALIZED with the library's own cluster steps. */
    static Cluster initializedCluster(CloudHsmV2Client hsm, KmsClient kms, Path dir) {
        Settings s = new Settings(true, hsm, kms, ClusterSpec.builder().subnetIds("subnet-0a1b2c3d", "subnet-4e5f6a7b").build(),
                null, TrustAnchor.generate(dir.resolve("ca")), r -> { }, "cli-" + UUID.randomUUID(), Secret.of(KMSUSER),
                TestPolicies.FAST, e -> { }, List.of(), 7, Poller::system);
        ClusterSteps steps = new ClusterSteps(s, new Progress(null), s.newPoller());
        return steps.ensureInitialized(steps.ensureFirstHsm(steps.ensureCluster()));
    }

    /** A fake cloudhsm-cli: records its arguments and whether the admin login was in the environment, calls the emulator admin API. */
    Path fakeCli(LocalHsmKeyStore emulator, int exitCode) throws Exception {
        Path script = dir.resolve("cloudhsm-cli");
        Path log = dir.resolve("args.log");
        String body = "#!/bin/sh\n"
                + "LOG='" + log + "'\n"
                + "STATE='" + dir + "'\n"
                + "EP='" + emulator.endpoint() + "'\n"
                + "echo \"$*\" >> \"$LOG\"\n"
                + "if [ -n \"$CLOUDHSM_PIN\" ]; then if [ \"$CLOUDHSM_PIN\" = 'admin:" + ADMIN + "' ]; then echo 'pin-ok' >> \"$LOG\"; else echo 'pin-bad' >> \"$LOG\"; fi; fi\n"
                + "CID=''; prev=''; for a in \"$@\"; do if [ \"$prev\" = '--cluster-id' ]; then CID=\"$a\"; fi; prev=\"$a\"; done\n"
                + (exitCode != 0 ? "read p1; echo \"error: bad things with $p1\"; exit " + exitCode + "\n" : "")
                + "case \"$1 $2\" in\n"
                + "  'cluster activate') read p1; read p2; [ \"$p1\" = \"$p2\" ] || exit 3;\n"
                + "     printf '{\"adminPassword\":\"%s\"}' \"$p1\" | curl -sf -X POST -H 'Content-Type: application/json' --data-binary @- \"$EP/_local/cloudhsm/clusters/$CID/activate\" >/dev/null || exit 4 ;;\n"
                + "  'user list') if [ -f \"$STATE/kmsuser.created\" ]; then echo '{\"data\":{\"users\":[{\"username\":\"admin\"},{\"username\":\"kmsuser\"}]}}'; else echo '{\"data\":{\"users\":[{\"username\":\"admin\"}]}}'; fi ;;\n"
                + "  'user create') read p1; read p2; [ \"$p1\" = \"$p2\" ] || exit 3;\n"
                + "     printf '{\"username\":\"kmsuser\",\"role\":\"crypto-user\",\"password\":\"%s\"}' \"$p1\" | curl -sf -X POST -H 'Content-Type: application/json' --data-binary @- \"$EP/_local/cloudhsm/clusters/$CID/users\" >/dev/null || exit 5;\n"
                + "     touch \"$STATE/kmsuser.created\" ;;\n"
                + "  *) exit 2 ;;\n"
                + "esac\n";
        Files.writeString(script, body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void activate_initializedCluster_activatesAndCreatesKmsuserWithoutPasswordsInArguments(CloudHsmV2Client hsm, KmsClient kms,
                                                                                           LocalHsmKeyStore emulator) throws Exception {
        Cluster c = initializedCluster(hsm, kms, dir);
        CloudHsmCliActivation cli = CloudHsmCliActivation.builder(Secret.of(ADMIN)).executable(fakeCli(emulator, 0)).build();

        cli.activate(new ActivationRequest(c.clusterId(), c.state(), "pem", "kmsuser", Secret.of(KMSUSER)));

        List<String> log = Files.readAllLines(dir.resolve("args.log"));
        assertThat(log).containsExactly(
                "cluster activate --cluster-id " + c.clusterId(),
                "user list --cluster-id " + c.clusterId(), "pin-ok",
                "user create --username kmsuser --role crypto-user --cluster-id " + c.clusterId(), "pin-ok");
        assertThat(String.join("\n", log)).doesNotContain(ADMIN).doesNotContain(KMSUSER);
        assertThat(hsm.describeClusters(r -> r.filters(java.util.Map.of("clusterIds", List.of(c.clusterId()))))
                .clusters().get(0).stateAsString()).isEqualTo("ACTIVE");
        assertThat(emulator.loginClusterUser(c.clusterId(), "kmsuser", KMSUSER.toCharArray())).isTrue();
        emulator.logoutClusterUser(c.clusterId(), "kmsuser");
        assertThat(cli.toString()).doesNotContain(ADMIN);
    }

    @Test
    void activate_activeClusterWithKmsuser_runsOnlyUserList(CloudHsmV2Client hsm, KmsClient kms, LocalHsmKeyStore emulator)
            throws Exception {
        Cluster c = initializedCluster(hsm, kms, dir);
        CloudHsmCliActivation cli = CloudHsmCliActivation.builder(Secret.of(ADMIN)).executable(fakeCli(emulator, 0)).build();
        cli.activate(new ActivationRequest(c.clusterId(), c.state(), "pem", "kmsuser", Secret.of(KMSUSER)));
        Files.delete(dir.resolve("args.log"));

        cli.activate(new ActivationRequest(c.clusterId(), ClusterState.ACTIVE, "pem", "kmsuser", Secret.of(KMSUSER)));

        assertThat(Files.readAllLines(dir.resolve("args.log"))).containsExactly("user list --cluster-id " + c.clusterId(), "pin-ok");
    }

    @Test
    void activate_cliFails_throwsProvisioningExceptionWithRedactedOutput(LocalHsmKeyStore emulator) throws Exception {
        CloudHsmCliActivation cli = CloudHsmCliActivation.builder(Secret.of(ADMIN)).executable(fakeCli(emulator, 7)).build();
        assertThatThrownBy(() -> cli.activate(new ActivationRequest("cluster-abcdefghijk", ClusterState.INITIALIZED, "pem", "kmsuser",
                Secret.of(KMSUSER))))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.step()).isEqualTo(Step.ACTIVATE))
                .hasMessageContaining("exited with 7")
                .hasMessageContaining("bad things with ***")
                .hasMessageNotContaining(ADMIN);
    }

    @Test
    void activate_cliMissing_explainsHowToInstall() {
        CloudHsmCliActivation cli = CloudHsmCliActivation.builder(Secret.of(ADMIN)).executable(dir.resolve("nope")).build();
        assertThatThrownBy(() -> cli.activate(new ActivationRequest("cluster-abcdefghijk", ClusterState.INITIALIZED, "pem", "kmsuser",
                Secret.of(KMSUSER)))).isInstanceOf(ProvisioningException.class).hasMessageContaining("Install the CloudHSM CLI");
    }

    @Test
    void provision_withRequireActiveActivation_stopsAtInitializedWithCommands(LocalHsmKeyStore emulator, CloudHsmV2Client hsm,
                                                                             KmsClient kms) {
        String name = Fixtures.uniqueName("manual");
        assertThatThrownBy(() -> Fixtures.builder(emulator, hsm, kms, dir.resolve("ca2"), name, new RequireActiveActivation()).provision())
                .isInstanceOf(KeyStoreStateException.class)
                .hasMessageContaining("is INITIALIZED")
                .hasMessageContaining("user create --username kmsuser --role crypto-user");
        assertThat(emulator.requestCount("kms", "CreateCustomKeyStore")).isZero();
    }
}
