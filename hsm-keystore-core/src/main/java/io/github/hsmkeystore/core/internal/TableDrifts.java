package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.IndexDefinition;
import io.github.hsmkeystore.core.TableDefinition;
import io.github.hsmkeystore.core.TableDrift;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.TableClass;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * How an existing table differs from its {@link TableDefinition}, each difference with its fix. Unset optional
 * settings are not checked; indexes and tags the definition does not name are allowed. Reads TTL, PITR and tags only
 * when the definition sets them.
 */
final class TableDrifts {
    /** The reads beyond DescribeTable, made only when needed. */
    record Reads(Supplier<TimeToLiveDescription> ttl, Supplier<Optional<PointInTimeRecoveryStatus>> pitr,
                 Supplier<Map<String, String>> tags) {
    }

    private TableDrifts() {
    }

    static List<TableDrift> of(TableDescription t, TableDefinition def, Reads reads) {
        List<TableDrift> out = new ArrayList<>();
        Map<String, String> types = t.attributeDefinitions().stream()
                .collect(Collectors.toMap(AttributeDefinition::attributeName, AttributeDefinition::attributeTypeAsString, (a, b) -> a));
        String wantedKeys = keys(def.partitionKey(), def.partitionKeyType(), def.sortKey().orElse(null),
                def.sortKeyType().orElse(null));
        String actualKeys = keys(t.keySchema(), types);
        if (!wantedKeys.equals(actualKeys)) {
            out.add(new TableDrift("KeySchema", wantedKeys, actualKeys, "a table's key schema cannot change: use another"
                    + " table name (and copy the items) or change the definition"));
        }
        BillingMode billing = t.billingModeSummary() == null || t.billingModeSummary().billingMode() == null
                ? BillingMode.PROVISIONED : t.billingModeSummary().billingMode();
        if (billing != def.billingMode()) {
            out.add(new TableDrift("BillingMode", def.billingMode().toString(), billing.toString(),
                    "UpdateTable with BillingMode " + def.billingMode()));
        } else if (billing == BillingMode.PROVISIONED) {
            throughput("ProvisionedThroughput", def.provisionedThroughput().orElseThrow(), t.provisionedThroughput(),
                    "UpdateTable with ProvisionedThroughput", out);
        }
        indexes(t, def, types, out);
        def.timeToLiveAttribute().ifPresent(attribute -> {
            TimeToLiveDescription ttl = reads.ttl().get();
            TimeToLiveStatus status = ttl == null ? null : ttl.timeToLiveStatus();
            boolean on = status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING;
            if (!on || !attribute.equals(ttl.attributeName())) {
                out.add(new TableDrift("TimeToLive", "ENABLED on " + attribute, (status == null ? "DISABLED" : status.toString())
                        + (ttl != null && ttl.attributeName() != null ? " on " + ttl.attributeName() : ""),
                        on ? "UpdateTimeToLive Enabled=false, then (DynamoDB allows one change per hour) Enabled=true on "
                                + attribute : "UpdateTimeToLive Enabled=true AttributeName=" + attribute));
            }
        });
        def.deletionProtection().ifPresent(wanted -> {
            boolean actual = Boolean.TRUE.equals(t.deletionProtectionEnabled());
            if (actual != wanted) {
                out.add(new TableDrift("DeletionProtectionEnabled", wanted.toString(), Boolean.toString(actual),
                        "UpdateTable with DeletionProtectionEnabled=" + wanted));
            }
        });
        def.pointInTimeRecovery().ifPresent(wanted -> {
            PointInTimeRecoveryStatus actual = reads.pitr().get().orElse(PointInTimeRecoveryStatus.DISABLED);
            if ((actual == PointInTimeRecoveryStatus.ENABLED) != wanted) {
                out.add(new TableDrift("PointInTimeRecovery", wanted ? "ENABLED" : "DISABLED", actual.toString(),
                        "UpdateContinuousBackups with PointInTimeRecoveryEnabled=" + wanted));
            }
        });
        if (!def.tags().isEmpty()) {
            Map<String, String> actual = reads.tags().get();
            def.tags().forEach((k, v) -> {
                if (!v.equals(actual.get(k))) {
                    out.add(new TableDrift("Tags[" + k + "]", v, actual.containsKey(k) ? actual.get(k) : "missing",
                            "TagResource " + k + "=" + v));
                }
            });
        }
        def.tableClass().ifPresent(wanted -> {
            TableClass actual = t.tableClassSummary() == null || t.tableClassSummary().tableClass() == null
                    ? TableClass.STANDARD : t.tableClassSummary().tableClass();
            if (actual != wanted) {
                out.add(new TableDrift("TableClass", wanted.toString(), actual.toString(), "UpdateTable with TableClass " + wanted));
            }
        });
        return out;
    }

    private static void indexes(TableDescription t, TableDefinition def, Map<String, String> types, List<TableDrift> out) {
        for (IndexDefinition i : def.indexes()) {
            String property = (i.global() ? "GlobalSecondaryIndexes[" : "LocalSecondaryIndexes[") + i.name() + "]";
            String wanted = keys(i.partitionKey(), i.partitionKeyType(), i.sortKey().orElse(null), i.sortKeyType().orElse(null))
                    + " " + projection(i);
            Optional<String> actual;
            Optional<ProvisionedThroughputDescription> throughput = Optional.empty();
            if (i.global()) {
                Optional<GlobalSecondaryIndexDescription> g = t.globalSecondaryIndexes().stream()
                        .filter(x -> x.indexName().equals(i.name())).findFirst();
                actual = g.map(x -> keys(x.keySchema(), types) + " " + projection(x.projection()));
                throughput = g.map(GlobalSecondaryIndexDescription::provisionedThroughput);
            } else {
                actual = t.localSecondaryIndexes().stream().filter(x -> x.indexName().equals(i.name())).findFirst()
                        .map((LocalSecondaryIndexDescription x) -> keys(x.keySchema(), types) + " " + projection(x.projection()));
            }
            String recreate = i.global() ? "UpdateTable with GlobalSecondaryIndexUpdates: Delete " + i.name() + ", then Create it"
                    + " as defined (DynamoDB backfills it)" : "local indexes are made only by CreateTable: use another table"
                    + " name (and copy the items) or change the definition";
            if (actual.isEmpty()) {
                out.add(new TableDrift(property, wanted, "missing", i.global() ? "UpdateTable with GlobalSecondaryIndexUpdates:"
                        + " Create " + i.name() + " as defined (DynamoDB backfills it)" : recreate));
            } else if (!actual.get().equals(wanted)) {
                out.add(new TableDrift(property, wanted, actual.get(), recreate));
            } else if (throughput.isPresent()) {
                Optional<ProvisionedThroughput> t2 = TableSpecs.indexThroughput(def, i);
                if (t2.isPresent()) {
                    throughput(property + ".ProvisionedThroughput", t2.get(), throughput.get(),
                            "UpdateTable with GlobalSecondaryIndexUpdates: Update " + i.name(), out);
                }
            }
        }
    }

    private static void throughput(String property, ProvisionedThroughput wanted, ProvisionedThroughputDescription actual,
                                   String fix, List<TableDrift> out) {
        long read = actual == null || actual.readCapacityUnits() == null ? 0 : actual.readCapacityUnits();
        long write = actual == null || actual.writeCapacityUnits() == null ? 0 : actual.writeCapacityUnits();
        if (read != wanted.readCapacityUnits() || write != wanted.writeCapacityUnits()) {
            out.add(new TableDrift(property, wanted.readCapacityUnits() + " read / " + wanted.writeCapacityUnits() + " write",
                    read + " read / " + write + " write", fix));
        }
    }

    /** "id S HASH, at N RANGE". */
    private static String keys(String hash, Object hashType, String range, Object rangeType) {
        return hash + " " + hashType + " HASH" + (range == null ? "" : ", " + range + " " + rangeType + " RANGE");
    }

    private static String keys(List<KeySchemaElement> schema, Map<String, String> types) {
        String hash = null;
        String range = null;
        for (KeySchemaElement e : schema) {
            if (e.keyType() == KeyType.HASH) {
                hash = e.attributeName();
            } else {
                range = e.attributeName();
            }
        }
        return keys(hash, types.get(hash), range, types.get(range));
    }

    private static String projection(IndexDefinition i) {
        return i.projectionType() + (i.projectionType() == ProjectionType.INCLUDE ? " " + new TreeSet<>(i.nonKeyAttributes()) : "");
    }

    private static String projection(Projection p) {
        if (p == null) {
            return "ALL";
        }
        return p.projectionTypeAsString() + (p.projectionType() == ProjectionType.INCLUDE
                ? " " + new TreeSet<>(Objects.requireNonNullElse(p.nonKeyAttributes(), List.of())) : "");
    }
}
