package io.github.hsmkeystore.local.internal.cloudhsm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.hsm.HsmBackend;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One CloudHSM cluster and its HSMs, with the state machine of aws-semantics 4.2. States that AWS reaches
 * asynchronously carry a "due at" instant and are settled lazily by {@link #settle(Instant)} whenever the
 * cluster is read, so the emulator clock alone drives them. Guarded by the owning scope's lock.
 */
final class Cluster {
    final String clusterId;
    final String hsmType;
    final String mode;
    final String vpcId;
    final String securityGroup;
    final Instant created;
    String backupRetentionValue;
    final String networkType;
    final Map<String, String> subnetMapping; // AZ -> subnet, in request order
    final Map<String, String> tags = new LinkedHashMap<>();
    final List<Hsm> hsms = new ArrayList<>();
    ClusterUsers users = new ClusterUsers();
    final HsmBackend backend;
    String backupLineage = UUID.randomUUID().toString();
    /** The backup this cluster was created from, or null. */
    String sourceBackupId;
    /** When CloudHSM last backed the cluster up (at least every 24 hours while it has an active HSM). */
    Instant lastBackup;

    String state = "CREATE_IN_PROGRESS";
    String stateMessage;
    String nextState;
    Instant nextStateDue;
    ClusterCertificates certificates;
    /** The CSR key being generated since CreateCluster (null for a cluster restored from a backup). */
    CompletableFuture<KeyPair> csrKey;
    String clusterCertificatePem;
    String trustAnchorPem;
    boolean securityGroupValid = true;
    boolean subnetMissing;
    boolean subnetFull;

    Cluster(String clusterId, String hsmType, String mode, Map<String, String> subnetMapping, String backupRetentionValue,
            String networkType, HsmBackend backend, Instant now, Duration delay) {
        this.clusterId = clusterId;
        this.hsmType = hsmType;
        this.mode = mode;
        this.subnetMapping = subnetMapping;
        this.backupRetentionValue = backupRetentionValue;
        this.networkType = networkType;
        this.backend = backend;
        this.created = now;
        this.vpcId = "vpc-" + Ids.hex(17);
        this.securityGroup = "sg-" + Ids.hex(17);
        transition("UNINITIALIZED", now.plus(delay));
    }

    static final class Hsm {
        final String hsmId;
        final String availabilityZone;
        final String subnetId;
        final String eniId;
        final String eniIp;
        String state = "CREATE_IN_PROGRESS";
        String stateMessage;
        Instant activeAt;
        Instant goneAt;

        Hsm(String hsmId, String availabilityZone, String subnetId, String eniIp, Instant activeAt) {
            this.hsmId = hsmId;
            this.availabilityZone = availabilityZone;
            this.subnetId = subnetId;
            this.eniId = "eni-" + Ids.hex(17);
            this.eniIp = eniIp;
            this.activeAt = activeAt;
        }
    }

    void transition(String target, Instant due) {
        nextState = target;
        nextStateDue = due;
    }

    /** Applies every transition due by {@code now}. */
    void settle(Instant now) {
        for (Hsm hsm : hsms) {
            if (hsm.state.equals("CREATE_IN_PROGRESS") && !now.isBefore(hsm.activeAt)) {
                hsm.state = "ACTIVE";
                if (certificates == null && state.equals("UNINITIALIZED")) {
                    // the first HSM of an uninitialised cluster generates the cluster key and CSR
                    certificates = ClusterCertificates.generate(clusterId, hsm.hsmId, KeyPairs.join(csrKey));
                }
            }
        }
        hsms.removeIf(h -> h.goneAt != null && !now.isBefore(h.goneAt));
        if (nextState != null && !now.isBefore(nextStateDue)) {
            state = nextState;
            stateMessage = null;
            nextState = null;
            nextStateDue = null;
            if (state.equals("UNINITIALIZED") && certificates == null) {
                // an HSM that became ACTIVE before the cluster did
                hsms.stream().filter(h -> h.state.equals("ACTIVE")).findFirst()
                        .ifPresent(h -> certificates = ClusterCertificates.generate(clusterId, h.hsmId, KeyPairs.join(csrKey)));
            }
        }
        if (state.equals("ACTIVE") || state.equals("DEGRADED")) {
            state = hsms.stream().anyMatch(h -> h.state.equals("DEGRADED")) ? "DEGRADED" : "ACTIVE";
        }
    }

    boolean isDeleted() {
        return state.equals("DELETED");
    }

    Map<String, Integer> activeHsmsPerAz() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Hsm hsm : hsms) {
            if (hsm.state.equals("ACTIVE")) {
                counts.merge(hsm.availabilityZone, 1, Integer::sum);
            }
        }
        return counts;
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("BackupPolicy", "DEFAULT");
        if (sourceBackupId != null) {
            o.put("SourceBackupId", sourceBackupId);
        }
        o.putObject("BackupRetentionPolicy").put("Type", "DAYS").put("Value", backupRetentionValue);
        o.put("ClusterId", clusterId);
        o.put("CreateTimestamp", Json.epochSeconds(created));
        ArrayNode hsmArray = o.putArray("Hsms");
        hsms.forEach(h -> hsmArray.add(hsmJson(h)));
        o.put("HsmType", hsmType);
        o.put("SecurityGroup", securityGroup);
        o.put("State", state);
        if (stateMessage != null) {
            o.put("StateMessage", stateMessage);
        }
        ObjectNode subnets = o.putObject("SubnetMapping");
        subnetMapping.forEach(subnets::put);
        o.put("VpcId", vpcId);
        o.put("NetworkType", networkType);
        ObjectNode certs = o.putObject("Certificates");
        if (certificates != null && state.equals("UNINITIALIZED")) {
            certs.put("ClusterCsr", certificates.csrPem());
        }
        if (certificates != null) {
            certs.put("HsmCertificate", certificates.hsmCertificatePem());
            certs.put("AwsHardwareCertificate", certificates.awsHardwareCertificatePem());
            certs.put("ManufacturerHardwareCertificate", certificates.manufacturerHardwareCertificatePem());
        }
        if (clusterCertificatePem != null) {
            certs.put("ClusterCertificate", clusterCertificatePem);
        }
        if (!tags.isEmpty()) {
            ArrayNode tagList = o.putArray("TagList");
            tags.forEach((k, v) -> tagList.addObject().put("Key", k).put("Value", v));
        }
        o.put("Mode", mode);
        return o;
    }

    ObjectNode hsmJson(Hsm h) {
        ObjectNode o = Json.object();
        o.put("AvailabilityZone", h.availabilityZone);
        o.put("ClusterId", clusterId);
        o.put("SubnetId", h.subnetId);
        o.put("EniId", h.eniId);
        o.put("EniIp", h.eniIp);
        o.put("HsmId", h.hsmId);
        o.put("HsmType", hsmType);
        o.put("State", h.state);
        if (h.stateMessage != null) {
            o.put("StateMessage", h.stateMessage);
        }
        return o;
    }
}
