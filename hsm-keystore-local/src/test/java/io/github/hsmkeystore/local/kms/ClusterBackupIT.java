package io.github.hsmkeystore.local.kms;

import static io.github.hsmkeystore.local.kms.KmsFixture.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.cloudhsmv2.model.Backup;
import software.amazon.awssdk.services.cloudhsmv2.model.BackupState;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * CloudHSM backups on the emulator clock (docs/kms-and-cloudhsm.md "Backups"), and AWS's documented recovery of a
 * custom key store whose cluster was deleted: a cluster from the backup, UpdateCustomKeyStore, reconnect, decrypt.
 */
class ClusterBackupIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = KmsFixture.manualClockEmulator();

    private KmsFixture f;
    private CloudHsmV2Client hsm;

    @BeforeEach
    void setUp() {
        f = new KmsFixture(local.local());
        hsm = f.hsm;
    }

    private List<Backup> backups(String clusterId) {
        return hsm.describeBackups(r -> r.filters(java.util.Map.of("clusterIds", List.of(clusterId)))).backups();
    }

    private Backup latestReady(String clusterId) {
        return backups(clusterId).stream().filter(b -> b.backupState() == BackupState.READY)
                .max(java.util.Comparator.comparing(Backup::createTimestamp)).orElseThrow();
    }

    @Test
    void restoreDeletedClusterFromBackup_updateStoreClusterId_reconnect_decryptsDataEncryptedBefore() {
        String storeId = f.connectedStore();
        String clusterId = f.describeStore(storeId).cloudHsmClusterId();
        KeyMetadata key = f.createKey(storeId);
        SdkBytes ciphertext = f.kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("before the disaster")))
                .ciphertextBlob();

        // CloudHSM backs the cluster up at least every 24 hours
        local.local().advanceClock(Duration.ofHours(25));
        f.step();
        Backup backup = latestReady(clusterId);
        assertThat(backup.clusterId()).isEqualTo(clusterId);
        assertThat(backup.backupArn()).endsWith(":backup/" + backup.backupId());

        // the disaster: the store is disconnected, every HSM and the cluster are deleted
        f.disconnect(storeId);
        f.deleteAllHsms(clusterId);
        f.step();
        hsm.deleteCluster(r -> r.clusterId(clusterId));
        f.step();
        assertThat(backups(clusterId)).extracting(Backup::backupId).contains(backup.backupId());

        // AWS's recovery: a cluster from the backup, HSMs, Update the store's cluster id, Connect
        String restored = hsm.createCluster(r -> r.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d", "subnet-4e5f6a7b")
                .sourceBackupId(backup.backupId())).cluster().clusterId();
        f.step();
        var cluster = f.clusters.describe(restored);
        assertThat(cluster.state()).isEqualTo(ClusterState.ACTIVE);
        assertThat(cluster.sourceBackupId()).isEqualTo(backup.backupId());
        f.addHsm(restored, f.az1);
        f.addHsm(restored, f.az2);
        f.kms.updateCustomKeyStore(r -> r.customKeyStoreId(storeId).cloudHsmClusterId(restored));
        f.connect(storeId);

        assertThat(f.keyState(key.keyId())).isEqualTo(KeyState.ENABLED);
        assertThat(f.kms.decrypt(r -> r.ciphertextBlob(ciphertext)).plaintext().asUtf8String()).isEqualTo("before the disaster");
        assertThat(f.describeKey(key.keyId()).cloudHsmClusterId()).isEqualTo(restored);
    }

    @Test
    void createHsm_inAnInitializedCluster_takesABackupThatBecomesReady() {
        String clusterId = f.activeClusterWithOneHsm();
        assertThat(backups(clusterId)).isEmpty();
        f.hsm.createHsm(r -> r.clusterId(clusterId).availabilityZone(f.az2));
        Backup taken = backups(clusterId).get(0);
        assertThat(taken.backupState()).isEqualTo(BackupState.CREATE_IN_PROGRESS);
        assertThat(taken.hsmType()).isEqualTo("hsm2m.medium");
        f.step();
        assertThat(backups(clusterId).get(0).backupState()).isEqualTo(BackupState.READY);
        assertThat(backups(clusterId).get(0).neverExpires()).isFalse();
    }

    @Test
    void deleteBackup_isPendingDeletionForSevenDays_restoreBackupBringsItBack_thenItIsGone() {
        String clusterId = f.activeCluster();
        f.step();
        String backupId = latestReady(clusterId).backupId();
        Instant now = local.local().now();
        Backup pending = hsm.deleteBackup(r -> r.backupId(backupId)).backup();
        assertThat(pending.backupState()).isEqualTo(BackupState.PENDING_DELETION);
        assertThat(pending.deleteTimestamp()).isBetween(now.plus(Duration.ofDays(7)).minusSeconds(1), now.plus(Duration.ofDays(7)).plusSeconds(1));
        assertAwsError(() -> hsm.deleteBackup(r -> r.backupId(backupId)), "CloudHsmInvalidRequestException", "PENDING_DELETION");

        assertThat(hsm.restoreBackup(r -> r.backupId(backupId)).backup().backupState()).isEqualTo(BackupState.READY);
        assertAwsError(() -> hsm.restoreBackup(r -> r.backupId(backupId)), "CloudHsmInvalidRequestException", "READY");

        hsm.deleteBackup(r -> r.backupId(backupId));
        assertAwsError(() -> hsm.createCluster(r -> r.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d").sourceBackupId(backupId)),
                "CloudHsmInvalidRequestException", "READY");
        local.local().advanceClock(Duration.ofDays(7).plusMinutes(1));
        assertThat(hsm.describeBackups(r -> r.filters(java.util.Map.of("backupIds", List.of(backupId)))).backups()).isEmpty();
        assertAwsError(() -> hsm.restoreBackup(r -> r.backupId(backupId)), "CloudHsmResourceNotFoundException", backupId);
    }

    @Test
    void modifyBackupAttributesAndRetention_backupsOlderThanRetentionGoExceptNeverExpiresAndTheLast() {
        String clusterId = f.activeCluster();
        f.step();
        var modified = hsm.modifyCluster(r -> r.clusterId(clusterId).backupRetentionPolicy(p -> p.type("DAYS").value("7"))).cluster();
        assertThat(modified.backupRetentionPolicy().value()).isEqualTo("7");
        String kept = latestReady(clusterId).backupId();
        local.local().advanceClock(Duration.ofDays(1));
        f.step();
        String expiring = latestReady(clusterId).backupId();
        assertThat(expiring).isNotEqualTo(kept);
        assertThat(hsm.modifyBackupAttributes(r -> r.backupId(kept).neverExpires(true)).backup().neverExpires()).isTrue();
        for (int day = 0; day < 9; day++) {
            local.local().advanceClock(Duration.ofDays(1));
            backups(clusterId);
        }
        List<String> ids = backups(clusterId).stream().map(Backup::backupId).toList();
        assertThat(ids).contains(kept).doesNotContain(expiring);
        assertThat(ids.size()).isBetween(7, 10);
        assertAwsError(() -> hsm.modifyCluster(r -> r.clusterId(clusterId).backupRetentionPolicy(p -> p.type("DAYS").value("400"))),
                "CloudHsmInvalidRequestException", "7 to 379");
    }

    @Test
    void copyBackupToRegion_appearsInTheDestinationWithItsSource() {
        String clusterId = f.activeCluster();
        f.step();
        Backup source = latestReady(clusterId);
        var copy = hsm.copyBackupToRegion(r -> r.backupId(source.backupId()).destinationRegion("eu-west-1")).destinationBackup();
        assertThat(copy.sourceBackup()).isEqualTo(source.backupId());
        assertThat(copy.sourceCluster()).isEqualTo(clusterId);
        assertThat(copy.sourceRegion()).isEqualTo(local.local().region().id());
        try (CloudHsmV2Client west = local.local().configure(CloudHsmV2Client.builder()).region(Region.EU_WEST_1).build()) {
            Backup copied = west.describeBackups(r -> r.filters(java.util.Map.of("sourceBackupIds", List.of(source.backupId()))))
                    .backups().get(0);
            assertThat(copied.backupId()).isNotEqualTo(source.backupId());
            assertThat(copied.backupArn()).contains(":eu-west-1:");
            assertThat(copied.sourceRegion()).isEqualTo(local.local().region().id());
            assertThat(copied.copyTimestamp()).isNotNull();
        }
        assertAwsError(() -> hsm.copyBackupToRegion(r -> r.backupId(source.backupId()).destinationRegion(local.local().region().id())),
                "CloudHsmInvalidRequestException", "differ");
    }

    @Test
    void tagResource_backup_isListedByListTagsAndDescribeBackups() {
        String clusterId = f.activeCluster();
        f.step();
        String backupId = latestReady(clusterId).backupId();
        hsm.tagResource(r -> r.resourceId(backupId).tagList(t -> t.key("purpose").value("recovery")));
        assertThat(hsm.listTags(r -> r.resourceId(backupId)).tagList()).extracting(t -> t.key() + "=" + t.value())
                .containsExactly("purpose=recovery");
        assertThat(latestReady(clusterId).tagList()).extracting(t -> t.key()).containsExactly("purpose");
        hsm.untagResource(r -> r.resourceId(backupId).tagKeyList("purpose"));
        assertThat(hsm.listTags(r -> r.resourceId(backupId)).tagList()).isEmpty();
    }

    @Test
    void backupIds_malformedOrUnknown_areInvalidRequestOrNotFound() {
        assertAwsError(() -> hsm.deleteBackup(r -> r.backupId("nope")), "CloudHsmInvalidRequestException", "nope");
        assertAwsError(() -> hsm.deleteBackup(r -> r.backupId("backup-aaaaaaaaaaa")), "CloudHsmResourceNotFoundException",
                "backup-aaaaaaaaaaa");
        assertAwsError(() -> hsm.createCluster(r -> r.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d")
                .sourceBackupId("backup-aaaaaaaaaaa")), "CloudHsmResourceNotFoundException", "backup-aaaaaaaaaaa");
    }
}
