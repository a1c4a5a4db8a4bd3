package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.SecretKey;

/**
 * Time to Live (UpdateTimeToLive, DescribeTimeToLive, the removal of expired items on the emulator clock) and
 * point-in-time recovery status (UpdateContinuousBackups, DescribeContinuousBackups); docs/dynamodb-tables.md, "Time to
 * Live" and "Point-in-time recovery".
 */
final class TimeToLiveOperations {
    /** UpdateTimeToLive (API reference): further calls within one hour of a change answer a ValidationException. */
    static final Duration TTL_CHANGE_INTERVAL = Duration.ofHours(1);
    /** How often (emulator time) a table with TTL enabled is swept for expired items. */
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);
    /** TTL (Developer Guide): items whose TTL is more than five years in the past are not deleted. */
    static final Duration IGNORED_PAST = Duration.ofDays(5 * 365);
    private final DynamoDbService ddb;

    TimeToLiveOperations(DynamoDbService ddb) {
        this.ddb = ddb;
    }

    ObjectNode updateTimeToLive(DynamoDbService.State state, JsonRequest r) {
        String name = TableOperations.tableName(r);
        JsonRequest spec = r.nested("TimeToLiveSpecification");
        if (spec == null) {
            throw JsonRequest.missing("TimeToLiveSpecification");
        }
        Boolean enabled = spec.bool("Enabled");
        if (enabled == null) {
            throw JsonRequest.missing("TimeToLiveSpecification.Enabled");
        }
        String attribute = spec.requiredString("AttributeName", 1, 255);
        Table t = ddb.table(state, name);
        if (t.deletionDue != null || !t.status.equals("ACTIVE") && !t.status.equals("UPDATING")) {
            throw AwsException.client("ResourceInUseException", "Attempt to change a resource which is still in use: Table is being "
                    + (t.deletionDue != null ? "deleted" : "created") + ": " + t.name);
        }
        TableSettings s = t.settings;
        Instant now = ddb.clock.now();
        // texts quoted from DynamoDB: "TimeToLive is already disabled" (cloudposse/terraform-aws-dynamodb#94),
        // "TimeToLive is active on a different AttributeName" (go-to-k/cdkd#932)
        if (s.ttlEnabled && enabled && attribute.equals(s.ttlAttribute)) {
            throw AwsException.validation("TimeToLive is already enabled");
        }
        if (s.ttlEnabled && !attribute.equals(s.ttlAttribute)) {
            throw AwsException.validation("TimeToLive is active on a different AttributeName: current AttributeName is " + s.ttlAttribute);
        }
        if (!s.ttlEnabled && !enabled) {
            throw AwsException.validation("TimeToLive is already disabled");
        }
        if (s.ttlChanged != null && now.isBefore(s.ttlChanged.plus(TTL_CHANGE_INTERVAL))) {
            throw AwsException.validation("Time to live has been modified multiple times within a fixed interval");
        }
        s.ttlEnabled = enabled;
        s.ttlAttribute = attribute;
        s.ttlChanged = now;
        s.nextTtlSweep = now.plus(ddb.transitionDelay);
        ObjectNode out = Json.object();
        out.putObject("TimeToLiveSpecification").put("Enabled", enabled).put("AttributeName", attribute);
        return out;
    }

    /** ENABLING / DISABLING for the transition delay after a change, then ENABLED / DISABLED. */
    ObjectNode describeTimeToLive(DynamoDbService.State state, JsonRequest r) {
        Table t = ddb.table(state, TableOperations.tableName(r));
        TableSettings s = t.settings;
        boolean settling = s.ttlChanged != null && ddb.clock.now().isBefore(s.ttlChanged.plus(ddb.transitionDelay));
        String status = s.ttlEnabled ? (settling ? "ENABLING" : "ENABLED") : (settling ? "DISABLING" : "DISABLED");
        ObjectNode d = Json.object().put("TimeToLiveStatus", status);
        if (s.ttlAttribute != null && (s.ttlEnabled || settling)) {
            d.put("AttributeName", s.ttlAttribute);
        }
        return Json.object().set("TimeToLiveDescription", d);
    }

    /**
     * Deletes the items of {@code t} whose TTL attribute (a Number of epoch seconds) plus {@code delay} has passed, at most
     * once per {@link #SWEEP_INTERVAL}. Items expired but not yet swept are still returned by reads, as on DynamoDB.
     */
    void sweep(DynamoDbService.State state, Table t, Instant now, Duration delay) {
        TableSettings s = t.settings;
        if (!s.ttlEnabled || s.nextTtlSweep == null || now.isBefore(s.nextTtlSweep) || t.itemCount() == 0
                || t.deletionDue != null || t.archived || t.sse.inaccessibleSince != null) {
            return;
        }
        s.nextTtlSweep = now.plus(SWEEP_INTERVAL);
        SecretKey key;
        try {
            key = ddb.tableKey(state, t);
        } catch (AwsException e) {
            return;
        }
        BigDecimal deleteBefore = BigDecimal.valueOf(now.minus(delay).getEpochSecond());
        BigDecimal ignoreBefore = BigDecimal.valueOf(now.minus(IGNORED_PAST).getEpochSecond());
        List<String> expired = new ArrayList<>();
        for (ObjectNode item : t.all(key)) {
            JsonNode v = item.get(s.ttlAttribute);
            if (v == null || !v.has("N")) {
                continue;
            }
            BigDecimal at;
            try {
                at = new BigDecimal(v.get("N").asText());
            } catch (NumberFormatException e) {
                continue;
            }
            if (at.compareTo(deleteBefore) <= 0 && at.compareTo(ignoreBefore) >= 0) {
                expired.add(t.storageKey(item));
            }
        }
        expired.forEach(t::delete);
    }

    ObjectNode updateContinuousBackups(DynamoDbService.State state, JsonRequest r) {
        String name = TableOperations.tableName(r);
        JsonRequest spec = r.nested("PointInTimeRecoverySpecification");
        if (spec == null) {
            throw JsonRequest.missing("PointInTimeRecoverySpecification");
        }
        Boolean enabled = spec.bool("PointInTimeRecoveryEnabled");
        if (enabled == null) {
            throw JsonRequest.missing("PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled");
        }
        Integer days = spec.integer("RecoveryPeriodInDays", 1, 35);
        Table t = backupTable(state, name);
        if (days != null && !enabled) {
            throw AwsException.validation("One or more parameter values were invalid: RecoveryPeriodInDays can only be specified"
                    + " when PointInTimeRecoveryEnabled is true");
        }
        TableSettings s = t.settings;
        if (enabled && !s.pointInTimeRecovery) {
            s.pointInTimeRecoverySince = ddb.clock.now();
        }
        s.pointInTimeRecovery = enabled;
        s.recoveryPeriodDays = enabled ? (days == null ? 35 : days) : null;
        return Json.object().set("ContinuousBackupsDescription", description(t));
    }

    ObjectNode describeContinuousBackups(DynamoDbService.State state, JsonRequest r) {
        return Json.object().set("ContinuousBackupsDescription", description(backupTable(state, TableOperations.tableName(r))));
    }

    private ObjectNode description(Table t) {
        TableSettings s = t.settings;
        ObjectNode d = Json.object().put("ContinuousBackupsStatus", "ENABLED");
        ObjectNode p = d.putObject("PointInTimeRecoveryDescription").put("PointInTimeRecoveryStatus", s.pointInTimeRecovery ? "ENABLED" : "DISABLED");
        if (s.pointInTimeRecovery) {
            Instant now = ddb.clock.now();
            Instant window = now.minus(Duration.ofDays(s.recoveryPeriodDays));
            p.put("RecoveryPeriodInDays", s.recoveryPeriodDays)
                    .put("EarliestRestorableDateTime", Json.epochSeconds(s.pointInTimeRecoverySince.isAfter(window) ? s.pointInTimeRecoverySince : window))
                    .put("LatestRestorableDateTime", Json.epochSeconds(now.minusSeconds(300)));
        }
        return d;
    }

    /** DescribeContinuousBackups / UpdateContinuousBackups answer TableNotFoundException for a missing table (API reference). */
    private static Table backupTable(DynamoDbService.State state, String name) {
        Table t = state.tables.get(name);
        if (t == null || t.deletionDue != null) {
            throw AwsException.client("TableNotFoundException", "Table not found: " + name);
        }
        return t;
    }
}
