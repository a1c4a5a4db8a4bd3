package io.github.hsmkeystore.local.internal.cloudhsm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * CloudHSM backups (docs/kms-and-cloudhsm.md "Backups"): the periodic (24 h) backup and the one taken when an HSM is
 * added, retention, DescribeBackups, DeleteBackup (7-day PENDING_DELETION), RestoreBackup, ModifyBackupAttributes,
 * CopyBackupToRegion, and the content CreateCluster restores from. Called under the scope's lock.
 */
final class Backups {
    static final Duration PERIOD = Duration.ofDays(1);
    static final Duration DELETION_WINDOW = Duration.ofDays(7);
    private static final Pattern BACKUP_ID = Pattern.compile(
            "^(arn:aws(-(us-gov))?:cloudhsm:([a-z]{2}(-(gov|isob|iso))?-(east|west|north|south|central){1,2}-[0-9]{1}):[0-9]{12}:backup/)?(backup-[2-7a-zA-Z]{11,16})$");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-(gov))?-(east|west|north|south|central){1,2}-\\d");
    private static final Set<String> FILTER_KEYS = Set.of("backupIds", "sourceBackupIds", "clusterIds", "states", "neverExpires");

    private final Duration delay;

    Backups(Duration delay) {
        this.delay = delay;
    }

    /** Takes due periodic backups, completes CREATE_IN_PROGRESS ones, ends deletion windows and applies retention. */
    void settle(Scope scope, CloudHsmService.ScopeState state, Instant now) {
        for (Cluster cluster : state.clusters.values()) {
            if (!eligible(cluster)) {
                continue;
            }
            if (cluster.lastBackup == null) {
                cluster.lastBackup = now;
            } else if (!now.isBefore(cluster.lastBackup.plus(PERIOD))) {
                long periods = Duration.between(cluster.lastBackup, now).toSeconds() / PERIOD.toSeconds();
                take(scope, state, cluster, cluster.lastBackup.plus(PERIOD.multipliedBy(periods)));
            }
        }
        Map<String, Instant> latest = new LinkedHashMap<>();
        for (Backup b : state.backups.values()) {
            if (b.clusterId != null) {
                latest.merge(b.clusterId, b.created, (x, y) -> x.isAfter(y) ? x : y);
            }
        }
        for (Iterator<Backup> it = state.backups.values().iterator(); it.hasNext(); ) {
            Backup b = it.next();
            boolean expired = b.state.equals("READY") && !b.neverExpires && b.clusterId != null
                    && !b.created.equals(latest.get(b.clusterId)) // CloudHSM never deletes a cluster's last backup
                    && !now.isBefore(b.created.plus(Duration.ofDays(b.retentionDays)));
            if (!b.settle(now) || expired) {
                it.remove();
            }
        }
    }

    /** A cluster has something to back up once initialized with an active HSM. */
    static boolean eligible(Cluster cluster) {
        return Set.of("INITIALIZED", "ACTIVE", "DEGRADED").contains(cluster.state) && !cluster.activeHsmsPerAz().isEmpty();
    }

    /** Backs the cluster up as of {@code at}: users, certificates, lineage and the HSM keys. */
    Backup take(Scope scope, CloudHsmService.ScopeState state, Cluster cluster, Instant at) {
        Backup.Content content = new Backup.Content(cluster.hsmType, cluster.mode, cluster.backupLineage, cluster.certificates,
                cluster.clusterCertificatePem, cluster.trustAnchorPem, cluster.users.copy(), cluster.backend.exportForBackup());
        String id = "backup-" + Ids.base32(11);
        Backup backup = new Backup(id, arn(scope, id), cluster.clusterId, at, content, at.plus(delay));
        backup.retentionDays = Integer.parseInt(cluster.backupRetentionValue);
        state.backups.put(id, backup);
        cluster.lastBackup = at;
        return backup;
    }

    private static String arn(Scope scope, String backupId) {
        return "arn:aws:cloudhsm:" + scope.region() + ":" + scope.accountId() + ":backup/" + backupId;
    }

    ObjectNode describe(CloudHsmService.ScopeState state, JsonRequest request) {
        Integer maxResults = request.integer("MaxResults", 1, 50);
        String nextToken = request.string("NextToken", 0, 256);
        boolean shared = request.bool("Shared", false);
        boolean ascending = request.bool("SortAscending", false);
        Map<String, List<String>> filters = new LinkedHashMap<>();
        ObjectNode f = request.object("Filters");
        if (f != null) {
            if (f.size() > 30) {
                throw CloudHsmErrors.invalidRequest("Filters holds at most 30 entries");
            }
            JsonRequest fr = new JsonRequest(f);
            for (var it = f.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!FILTER_KEYS.contains(key)) {
                    throw CloudHsmErrors.invalidRequest("Filter '" + key + "' is invalid; use backupIds, sourceBackupIds,"
                            + " clusterIds, states or neverExpires");
                }
                filters.put(key, fr.stringList(key));
            }
        }
        List<Backup> matching = new ArrayList<>();
        if (!shared) { // backups shared with this account by others: the emulator has one account per scope, none
            for (Backup b : state.backups.values()) {
                if (matches(filters.get("backupIds"), b.backupId) && matches(filters.get("sourceBackupIds"), b.sourceBackup)
                        && matches(filters.get("clusterIds"), b.clusterId) && matches(filters.get("states"), b.state)
                        && matches(filters.get("neverExpires"), String.valueOf(b.neverExpires))) {
                    matching.add(b);
                }
            }
        }
        Comparator<Backup> order = Comparator.comparing(b -> b.created);
        matching.sort(ascending ? order : order.reversed());
        int start = nextToken == null ? 0 : CloudHsmService.decodeToken(nextToken, matching.size());
        int end = Math.min(matching.size(), start + (maxResults == null ? 50 : maxResults));
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("Backups");
        matching.subList(start, end).forEach(b -> list.add(b.toJson()));
        if (end < matching.size()) {
            out.put("NextToken", java.util.Base64.getEncoder().encodeToString(("offset:" + end).getBytes()));
        }
        return out;
    }

    ObjectNode delete(CloudHsmService.ScopeState state, JsonRequest request, Instant now) {
        Backup b = backup(state, request.requiredString("BackupId"));
        if (!b.state.equals("READY")) {
            throw CloudHsmErrors.invalidRequest("Backup " + b.backupId + " is " + b.state + "; only a READY backup can be deleted");
        }
        b.state = "PENDING_DELETION";
        b.deleteAt = now.plus(DELETION_WINDOW);
        return Json.object().set("Backup", b.toJson());
    }

    ObjectNode restore(CloudHsmService.ScopeState state, JsonRequest request) {
        Backup b = backup(state, request.requiredString("BackupId"));
        if (!b.state.equals("PENDING_DELETION")) {
            throw CloudHsmErrors.invalidRequest("Backup " + b.backupId + " is " + b.state
                    + "; only a backup in PENDING_DELETION can be restored");
        }
        b.state = "READY";
        b.deleteAt = null;
        return Json.object().set("Backup", b.toJson());
    }

    ObjectNode modifyAttributes(CloudHsmService.ScopeState state, JsonRequest request) {
        Backup b = backup(state, request.requiredString("BackupId"));
        Boolean neverExpires = request.bool("NeverExpires");
        if (neverExpires == null) {
            throw JsonRequest.missing("NeverExpires");
        }
        b.neverExpires = neverExpires;
        return Json.object().set("Backup", b.toJson());
    }

    ObjectNode copyToRegion(Scope scope, CloudHsmService.ScopeState state, JsonRequest request, Instant now,
                            Map<String, String> tags, Function<Scope, CloudHsmService.ScopeState> scopes) {
        String region = request.requiredString("DestinationRegion");
        Backup source = backup(state, request.requiredString("BackupId"));
        if (!REGION.matcher(region).matches()) {
            throw CloudHsmErrors.invalidRequest("DestinationRegion '" + region + "' is not a Region name");
        }
        if (region.equals(scope.region())) {
            throw CloudHsmErrors.invalidRequest("DestinationRegion must differ from the backup's Region " + scope.region());
        }
        if (!source.state.equals("READY")) {
            throw CloudHsmErrors.invalidRequest("Backup " + source.backupId + " is " + source.state + "; only a READY backup can be copied");
        }
        Scope destination = new Scope(scope.accountId(), region);
        CloudHsmService.ScopeState target = scopes.apply(destination);
        String id = "backup-" + Ids.base32(11);
        Backup copy = new Backup(id, arn(destination, id), null, source.created, source.content, now.plus(delay));
        copy.retentionDays = source.retentionDays;
        copy.sourceRegion = scope.region();
        copy.sourceBackup = source.backupId;
        copy.sourceCluster = source.clusterId;
        copy.copied = now;
        copy.tags.putAll(tags);
        synchronized (target) {
            target.backups.put(id, copy);
        }
        ObjectNode out = Json.object();
        out.putObject("DestinationBackup").put("CreateTimestamp", Json.epochSeconds(source.created))
                .put("SourceRegion", scope.region()).put("SourceBackup", source.backupId).put("SourceCluster", source.clusterId);
        return out;
    }

    /** The content CreateCluster restores from: the backup must be READY, of the same HSM type and mode. */
    Backup source(CloudHsmService.ScopeState state, String backupId, String hsmType, String mode) {
        Backup b = backup(state, backupId);
        if (!b.state.equals("READY")) {
            throw CloudHsmErrors.invalidRequest("Backup " + b.backupId + " is " + b.state + "; a cluster can be created only"
                    + " from a READY backup");
        }
        if (!b.content.mode().equals(mode)) {
            throw CloudHsmErrors.invalidRequest("Backup " + b.backupId + " is of a " + b.content.mode() + " cluster; a cluster"
                    + " restored from it must use the same Mode");
        }
        if (b.content.keys() == null) {
            throw CloudHsmErrors.invalidRequest("Backup " + b.backupId + " comes from a cluster whose HSM keys live in a"
                    + " PKCS #11 token; hsm-keystore-local cannot restore them (use the in-JVM HSM backend)");
        }
        return b;
    }

    private static Backup backup(CloudHsmService.ScopeState state, String idOrArn) {
        var m = BACKUP_ID.matcher(idOrArn);
        if (!m.matches()) {
            throw CloudHsmErrors.invalidRequest("BackupId '" + idOrArn + "' is invalid: expected backup- and 11-16 letters or"
                    + " digits 2-7, or a backup ARN");
        }
        Backup b = state.backups.get(m.group(8));
        if (b == null) {
            throw CloudHsmErrors.notFound("Backup " + idOrArn + " not found");
        }
        return b;
    }

    private static boolean matches(List<String> wanted, String value) {
        return wanted == null || wanted.isEmpty() || wanted.contains(value);
    }
}
