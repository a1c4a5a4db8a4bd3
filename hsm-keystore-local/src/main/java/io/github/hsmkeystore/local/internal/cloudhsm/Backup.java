package io.github.hsmkeystore.local.internal.cloudhsm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * One CloudHSM cluster backup (docs/kms-and-cloudhsm.md "Backups"): its lifecycle (CREATE_IN_PROGRESS, READY,
 * PENDING_DELETION) on the emulator clock, and what it carries: the cluster's users, certificates, backup lineage and
 * HSM key material, so a cluster created from it serves the same keys. Guarded by the owning scope's lock.
 */
final class Backup {
    /** What a backup carries of its cluster. {@code keys} is null when the HSM backend cannot export its keys. */
    record Content(String hsmType, String mode, String backupLineage, ClusterCertificates certificates,
                   String clusterCertificatePem, String trustAnchorPem, ClusterUsers users, Map<String, SecretKey> keys) {
        @Override
        public String toString() {
            return "Content[lineage=" + backupLineage + ", keys=" + (keys == null ? "none" : keys.size()) + "]";
        }
    }

    final String backupId;
    final String arn;
    final String clusterId;
    final Instant created;
    final Content content;
    final Map<String, String> tags = new LinkedHashMap<>();
    String state = "CREATE_IN_PROGRESS";
    Instant readyAt;
    boolean neverExpires;
    /** The cluster's BackupRetentionPolicy when the backup was taken, in days. */
    int retentionDays = 90;
    Instant deleteAt;
    /** Set on a copy made by CopyBackupToRegion. */
    String sourceRegion;
    String sourceBackup;
    String sourceCluster;
    Instant copied;

    Backup(String backupId, String arn, String clusterId, Instant created, Content content, Instant readyAt) {
        this.backupId = backupId;
        this.arn = arn;
        this.clusterId = clusterId;
        this.created = created;
        this.content = content;
        this.readyAt = readyAt;
    }

    /** Applies due transitions; returns false when the backup is gone (its 7-day deletion window has passed). */
    boolean settle(Instant now) {
        if (state.equals("CREATE_IN_PROGRESS") && !now.isBefore(readyAt)) {
            state = "READY";
        }
        return !(state.equals("PENDING_DELETION") && !now.isBefore(deleteAt));
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object().put("BackupId", backupId).put("BackupArn", arn).put("BackupState", state);
        if (clusterId != null) {
            o.put("ClusterId", clusterId);
        }
        o.put("CreateTimestamp", Json.epochSeconds(created));
        if (copied != null) {
            o.put("CopyTimestamp", Json.epochSeconds(copied));
        }
        o.put("NeverExpires", neverExpires);
        if (sourceRegion != null) {
            o.put("SourceRegion", sourceRegion).put("SourceBackup", sourceBackup).put("SourceCluster", sourceCluster);
        }
        if (deleteAt != null) {
            o.put("DeleteTimestamp", Json.epochSeconds(deleteAt));
        }
        if (!tags.isEmpty()) {
            ArrayNode list = o.putArray("TagList");
            tags.forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        }
        return o.put("HsmType", content.hsmType()).put("Mode", content.mode());
    }
}
