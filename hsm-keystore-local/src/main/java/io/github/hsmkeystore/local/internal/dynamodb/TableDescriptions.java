package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code TableDescription} of CreateTable, DescribeTable and UpdateTable, and DeleteTable's shorter one
 * (docs/dynamodb-tables.md, "Descriptions").
 */
final class TableDescriptions {
    /** Bytes DynamoDB adds to each index entry for IndexSizeBytes (Developer Guide, "Storage considerations"). */
    static final long INDEX_ENTRY_OVERHEAD = 100;
    private final DynamoDbService ddb;

    TableDescriptions(DynamoDbService ddb) {
        this.ddb = ddb;
    }

    /** Item count and sizes of a table and its indexes, as DynamoDB counts them (not the emulator's ciphertext). */
    record Sizes(long items, long tableBytes, Map<String, long[]> indexes) {
    }

    ObjectNode full(DynamoDbService.State state, Table t, boolean probeKey) {
        ObjectNode o = Json.object();
        ArrayNode defs = o.putArray("AttributeDefinitions");
        t.attributeTypes.forEach((n, ty) -> defs.addObject().put("AttributeName", n).put("AttributeType", ty));
        o.put("TableName", t.name);
        o.set("KeySchema", keySchemaJson(t.keys));
        String status = ddb.status(state, t, probeKey);
        o.put("TableStatus", status);
        o.put("CreationDateTime", Json.epochSeconds(t.created));
        o.set("ProvisionedThroughput", throughput(t.billingMode, t.readCapacity, t.writeCapacity));
        Sizes sizes = sizes(state, t);
        o.put("TableSizeBytes", sizes.tableBytes());
        o.put("ItemCount", sizes.items());
        o.put("TableArn", t.arn);
        o.put("TableId", t.tableId);
        o.putObject("BillingModeSummary").put("BillingMode", t.billingMode);
        ArrayNode gsis = Json.array();
        ArrayNode lsis = Json.array();
        for (Table.Index i : t.indexes.values()) {
            ObjectNode j = (i.global() ? gsis : lsis).addObject();
            index(j, t, i);
            if (i.global()) {
                TableSettings.IndexState s = t.settings.gsis.get(i.name());
                boolean backfilling = s != null && s.backfilling;
                j.put("IndexStatus", t.status.equals("CREATING") || backfilling ? "CREATING" : "ACTIVE");
                if (backfilling) {
                    j.put("Backfilling", true);
                }
                j.set("ProvisionedThroughput", s == null ? throughput(t.billingMode, 0, 0)
                        : throughput(t.billingMode, s.readCapacity, s.writeCapacity));
            }
            long[] is = sizes.indexes().getOrDefault(i.name(), new long[2]);
            j.put("IndexSizeBytes", is[1]).put("ItemCount", is[0]).put("IndexArn", t.arn + "/index/" + i.name());
        }
        for (Table.Index i : t.settings.deletingGsis.values()) {
            ObjectNode j = gsis.addObject();
            index(j, t, i);
            j.put("IndexStatus", "DELETING");
            j.set("ProvisionedThroughput", throughput(t.billingMode, 0, 0));
            j.put("IndexSizeBytes", 0).put("ItemCount", 0).put("IndexArn", t.arn + "/index/" + i.name());
        }
        if (!gsis.isEmpty()) {
            o.set("GlobalSecondaryIndexes", gsis);
        }
        if (!lsis.isEmpty()) {
            o.set("LocalSecondaryIndexes", lsis);
        }
        sse(o, t);
        if (t.archived) {
            o.putObject("ArchivalSummary").put("ArchivalDateTime", Json.epochSeconds(t.sse.inaccessibleSince.plus(TableSse.ARCHIVE_AFTER)))
                    .put("ArchivalReason", "INACCESSIBLE_ENCRYPTION_CREDENTIALS");
        }
        tableClass(o, t);
        o.put("DeletionProtectionEnabled", t.settings.deletionProtection);
        return o;
    }

    /**
     * DeleteTable's TableDescription: the API reference and AWS CLI examples show TableName, TableStatus (DELETING),
     * ProvisionedThroughput, TableSizeBytes and ItemCount, without key schema, attribute definitions or indexes.
     */
    ObjectNode deleted(DynamoDbService.State state, Table t) {
        ObjectNode o = Json.object();
        o.put("TableName", t.name);
        o.put("TableStatus", "DELETING");
        o.set("ProvisionedThroughput", throughput(t.billingMode, t.readCapacity, t.writeCapacity));
        Sizes sizes = sizes(state, t);
        o.put("TableSizeBytes", sizes.tableBytes());
        o.put("ItemCount", sizes.items());
        o.put("TableArn", t.arn);
        o.put("TableId", t.tableId);
        o.putObject("BillingModeSummary").put("BillingMode", t.billingMode);
        sse(o, t);
        tableClass(o, t);
        o.put("DeletionProtectionEnabled", false);
        return o;
    }

    private static void index(ObjectNode j, Table t, Table.Index i) {
        j.put("IndexName", i.name());
        j.set("KeySchema", keySchemaJson(i.keys()));
        ObjectNode p = j.putObject("Projection").put("ProjectionType", i.projectionType());
        if (!i.nonKeyAttributes().isEmpty()) {
            p.set("NonKeyAttributes", Json.array(i.nonKeyAttributes()));
        }
    }

    private static void sse(ObjectNode o, Table t) {
        if (t.sse.kmsKeyArn != null) {
            ObjectNode sse = o.putObject("SSEDescription");
            sse.put("Status", t.sse.updatingUntil != null ? "UPDATING" : "ENABLED").put("SSEType", "KMS")
                    .put("KMSMasterKeyArn", t.sse.kmsKeyArn);
            if (t.sse.inaccessibleSince != null) {
                sse.put("InaccessibleEncryptionDateTime", Json.epochSeconds(t.sse.inaccessibleSince));
            }
        }
    }

    private static void tableClass(ObjectNode o, Table t) {
        if (t.settings.tableClass != null) {
            ObjectNode summary = o.putObject("TableClassSummary").put("TableClass", t.settings.tableClass);
            if (t.settings.tableClassUpdated != null) {
                summary.put("LastUpdateDateTime", Json.epochSeconds(t.settings.tableClassUpdated));
            }
        }
    }

    /** PAY_PER_REQUEST tables and their indexes show 0 read and write capacity units. */
    static ObjectNode throughput(String billingMode, long read, long write) {
        boolean onDemand = "PAY_PER_REQUEST".equals(billingMode);
        return Json.object().put("NumberOfDecreasesToday", 0).put("ReadCapacityUnits", onDemand ? 0 : read)
                .put("WriteCapacityUnits", onDemand ? 0 : write);
    }

    static ArrayNode keySchemaJson(Table.KeySchema k) {
        ArrayNode a = Json.array();
        a.addObject().put("AttributeName", k.hashKey()).put("KeyType", "HASH");
        if (k.hasRange()) {
            a.addObject().put("AttributeName", k.rangeKey()).put("KeyType", "RANGE");
        }
        return a;
    }

    /**
     * Item count, table size (DynamoDB item sizes) and, per index, entries and bytes (projected attributes plus the
     * 100-byte overhead). DynamoDB refreshes these about every six hours; the emulator computes them when asked, and
     * reports 0 when the table key cannot be used (an inaccessible KMS key).
     */
    Sizes sizes(DynamoDbService.State state, Table t) {
        if (t.cachedSizes != null && t.cachedSizesAt == t.writes() && t.cachedSizesIndexes.equals(t.indexes.keySet())) {
            return t.cachedSizes; // nothing written since: describing a table in a poll loop does not decrypt it again
        }
        Sizes sizes = computeSizes(state, t);
        if (sizes.tableBytes() > 0 || t.itemCount() == 0) {
            t.cachedSizes = sizes;
            t.cachedSizesAt = t.writes();
            t.cachedSizesIndexes = java.util.Set.copyOf(t.indexes.keySet());
        }
        return sizes;
    }

    private Sizes computeSizes(DynamoDbService.State state, Table t) {
        Map<String, long[]> perIndex = new HashMap<>();
        if (t.itemCount() == 0 || t.archived || t.sse.inaccessibleSince != null) {
            return new Sizes(t.itemCount(), 0, perIndex);
        }
        long bytes = 0;
        try {
            for (ObjectNode item : t.all(ddb.tableKey(state, t))) {
                bytes += Values.itemSize(item);
                for (Table.Index i : t.indexes.values()) {
                    if (item.has(i.keys().hashKey()) && (!i.keys().hasRange() || item.has(i.keys().rangeKey()))) {
                        long[] c = perIndex.computeIfAbsent(i.name(), k -> new long[2]);
                        c[0]++;
                        c[1] += entrySize(t, i, item) + INDEX_ENTRY_OVERHEAD;
                    }
                }
            }
        } catch (AwsException e) {
            return new Sizes(t.itemCount(), 0, Map.of());
        }
        return new Sizes(t.itemCount(), bytes, perIndex);
    }

    /** The size of what index {@code i} holds of {@code item}: table and index keys plus the projected attributes. */
    static long entrySize(Table t, Table.Index i, ObjectNode item) {
        if (i.projectionType().equals("ALL")) {
            return Values.itemSize(item);
        }
        Set<String> keep = new LinkedHashSet<>();
        keep.add(t.keys.hashKey());
        if (t.keys.hasRange()) {
            keep.add(t.keys.rangeKey());
        }
        keep.add(i.keys().hashKey());
        if (i.keys().hasRange()) {
            keep.add(i.keys().rangeKey());
        }
        if (i.projectionType().equals("INCLUDE")) {
            keep.addAll(i.nonKeyAttributes());
        }
        ObjectNode entry = Json.object();
        for (String name : keep) {
            JsonNode v = item.get(name);
            if (v != null) {
                entry.set(name, v);
            }
        }
        return Values.itemSize(entry);
    }
}
