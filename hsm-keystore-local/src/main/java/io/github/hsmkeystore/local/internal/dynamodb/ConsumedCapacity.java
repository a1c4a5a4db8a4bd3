package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code ReturnConsumedCapacity} (NONE, TOTAL, INDEXES) with DynamoDB's capacity-unit arithmetic (docs/dynamodb-tables.md,
 * "Consumed capacity"): a read unit per 4 KB (rounded up; half for an eventually consistent read; twice for a
 * transactional one), a write unit per 1 KB of the larger of the old and new item (twice for a transactional one), and
 * index writes: an index entry put, deleted, rewritten (one write each) or moved to another index key (two writes).
 * Operations record what they read and wrote on one instance and call {@link #addTo} last.
 */
final class ConsumedCapacity {
    private static final double READ_UNIT = 4096;
    private static final double WRITE_UNIT = 1024;
    private final String mode;
    private final Map<String, Units> perTable = new LinkedHashMap<>();

    /** Units consumed on one table: the table itself and each index. */
    private static final class Units {
        double table;
        final Map<String, Double> gsis = new LinkedHashMap<>();
        final Map<String, Double> lsis = new LinkedHashMap<>();

        double total() {
            return table + gsis.values().stream().mapToDouble(Double::doubleValue).sum()
                    + lsis.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private ConsumedCapacity(String mode) {
        this.mode = mode;
    }

    /** The request's {@code ReturnConsumedCapacity}, validated (INDEXES, TOTAL or NONE; absent is NONE). */
    static ConsumedCapacity of(JsonRequest r) {
        String mode = r.string("ReturnConsumedCapacity");
        if (mode != null && !List.of("INDEXES", "TOTAL", "NONE").contains(mode)) {
            throw AwsException.validation("1 validation error detected: Value '" + mode
                    + "' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
        }
        return new ConsumedCapacity(mode == null ? "NONE" : mode);
    }

    /** Whether the request asked for consumed capacity (TOTAL or INDEXES). */
    boolean wanted() {
        return !mode.equals("NONE");
    }

    /** GetItem and each key of BatchGetItem or Get of TransactGetItems: the item (or nothing) rounded up to 4 KB, at least one unit. */
    ConsumedCapacity get(Table t, ObjectNode item, boolean consistent, boolean transactional) {
        long bytes = item == null ? 0 : Values.itemSize(item);
        units(t).table += readUnits(bytes, consistent, transactional);
        return this;
    }

    /** Query and Scan: the total size of the items read (before any filter) rounded up to 4 KB, charged to the index read. */
    ConsumedCapacity scan(Table t, Table.Index index, long bytes, boolean consistent) {
        double u = readUnits(bytes, consistent, false);
        Units units = units(t);
        if (index == null) {
            units.table += u;
        } else {
            (index.global() ? units.gsis : units.lsis).merge(index.name(), u, Double::sum);
        }
        return this;
    }

    /** A put, update or delete of one item ({@code old} or {@code updated} null when absent), with its index writes. */
    ConsumedCapacity write(Table t, ObjectNode old, ObjectNode updated, boolean transactional) {
        double factor = transactional ? 2 : 1;
        long bytes = Math.max(old == null ? 0 : Values.itemSize(old), updated == null ? 0 : Values.itemSize(updated));
        Units units = units(t);
        units.table += factor * writeUnits(bytes);
        for (Table.Index i : t.indexes.values()) {
            double u = factor * indexWrites(t, i, old, updated);
            if (u > 0) {
                (i.global() ? units.gsis : units.lsis).merge(i.name(), u, Double::sum);
            }
        }
        return this;
    }

    /** A ConditionCheck of TransactWriteItems: charged as a transactional write of the item's size. */
    ConsumedCapacity check(Table t, ObjectNode item) {
        units(t).table += 2 * writeUnits(item == null ? 0 : Values.itemSize(item));
        return this;
    }

    /** Adds {@code ConsumedCapacity} (one object for single-table operations) unless NONE was asked. */
    void addTo(ObjectNode out) {
        if (!mode.equals("NONE") && !perTable.isEmpty()) {
            Map.Entry<String, Units> e = perTable.entrySet().iterator().next();
            out.set("ConsumedCapacity", json(e.getKey(), e.getValue()));
        }
    }

    /** Adds {@code ConsumedCapacity} as a list, one entry per table (BatchGetItem, BatchWriteItem, transactions). */
    void addListTo(ObjectNode out) {
        if (!mode.equals("NONE")) {
            ArrayNode a = out.putArray("ConsumedCapacity");
            perTable.forEach((name, u) -> a.add(json(name, u)));
        }
    }

    private ObjectNode json(String table, Units u) {
        ObjectNode o = Json.object().put("TableName", table).put("CapacityUnits", u.total());
        if (mode.equals("INDEXES")) {
            o.putObject("Table").put("CapacityUnits", u.table);
            if (!u.gsis.isEmpty()) {
                ObjectNode g = o.putObject("GlobalSecondaryIndexes");
                u.gsis.forEach((n, v) -> g.putObject(n).put("CapacityUnits", v));
            }
            if (!u.lsis.isEmpty()) {
                ObjectNode l = o.putObject("LocalSecondaryIndexes");
                u.lsis.forEach((n, v) -> l.putObject(n).put("CapacityUnits", v));
            }
        }
        return o;
    }

    private Units units(Table t) {
        return perTable.computeIfAbsent(t.name, n -> new Units());
    }

    static double readUnits(long bytes, boolean consistent, boolean transactional) {
        double units = Math.max(1, Math.ceil(bytes / READ_UNIT));
        return transactional ? 2 * units : consistent ? units : units / 2;
    }

    static double writeUnits(long bytes) {
        return Math.max(1, Math.ceil(bytes / WRITE_UNIT));
    }

    /** Index writes for one item change: none when the index entry is unchanged, two when its index key changed. */
    private static double indexWrites(Table t, Table.Index i, ObjectNode old, ObjectNode updated) {
        boolean wasIn = old != null && inIndex(i, old);
        boolean isIn = updated != null && inIndex(i, updated);
        if (!wasIn && !isIn) {
            return 0;
        }
        if (!wasIn) {
            return writeUnits(TableDescriptions.entrySize(t, i, updated));
        }
        if (!isIn) {
            return writeUnits(TableDescriptions.entrySize(t, i, old));
        }
        boolean keyChanged = !Objects.equals(old.get(i.keys().hashKey()), updated.get(i.keys().hashKey()))
                || i.keys().hasRange() && !Objects.equals(old.get(i.keys().rangeKey()), updated.get(i.keys().rangeKey()));
        if (keyChanged) {
            return writeUnits(TableDescriptions.entrySize(t, i, old)) + writeUnits(TableDescriptions.entrySize(t, i, updated));
        }
        if (projection(t, i, old).equals(projection(t, i, updated))) {
            return 0;
        }
        return writeUnits(TableDescriptions.entrySize(t, i, updated));
    }

    private static boolean inIndex(Table.Index i, ObjectNode item) {
        return item.has(i.keys().hashKey()) && (!i.keys().hasRange() || item.has(i.keys().rangeKey()));
    }

    private static JsonNode projection(Table t, Table.Index i, ObjectNode item) {
        if (i.projectionType().equals("ALL")) {
            return item;
        }
        ObjectNode o = Json.object();
        List<String> names = new java.util.ArrayList<>(i.nonKeyAttributes());
        names.add(i.keys().hashKey());
        if (i.keys().hasRange()) {
            names.add(i.keys().rangeKey());
        }
        for (String n : i.projectionType().equals("INCLUDE") ? names : names.subList(i.nonKeyAttributes().size(), names.size())) {
            if (item.has(n)) {
                o.set(n, item.get(n));
            }
        }
        return o;
    }
}
