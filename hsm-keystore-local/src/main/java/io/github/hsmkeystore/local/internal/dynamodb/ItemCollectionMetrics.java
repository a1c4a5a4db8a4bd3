package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ReturnItemCollectionMetrics} (SIZE or NONE): for a table with local secondary indexes, the item collection
 * (all items with the written partition key, and their LSI entries) and its estimated size in GB as {@code [lower,
 * upper]}; nothing for other tables (docs/dynamodb-tables.md, "Item collection metrics").
 */
final class ItemCollectionMetrics {
    private static final double GB = 1024.0 * 1024 * 1024;
    private final boolean wanted;
    private final Map<String, ArrayNode> perTable = new LinkedHashMap<>();

    private ItemCollectionMetrics(boolean wanted) {
        this.wanted = wanted;
    }

    static ItemCollectionMetrics of(JsonRequest r) {
        String mode = r.string("ReturnItemCollectionMetrics");
        if (mode != null && !List.of("SIZE", "NONE").contains(mode)) {
            throw AwsException.validation("1 validation error detected: Value '" + mode
                    + "' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]");
        }
        return new ItemCollectionMetrics("SIZE".equals(mode));
    }

    /** Records the collection of {@code keyNode}'s partition key, after the write. */
    ItemCollectionMetrics written(DynamoDbService ddb, DynamoDbService.State state, Table t, ObjectNode keyNode) {
        if (!wanted || t.indexes.values().stream().allMatch(Table.Index::global) || keyNode == null) {
            return this;
        }
        String hash = t.keys.hashKey();
        long bytes = 0;
        for (ObjectNode item : t.all(ddb.tableKey(state, t))) {
            if (item.get(hash).equals(keyNode.get(hash))) {
                bytes += Values.itemSize(item);
                for (Table.Index i : t.indexes.values()) {
                    if (!i.global() && item.has(i.keys().rangeKey())) {
                        bytes += TableDescriptions.entrySize(t, i, item) + TableDescriptions.INDEX_ENTRY_OVERHEAD;
                    }
                }
            }
        }
        double lower = Math.floor(bytes / GB);
        ObjectNode m = Json.object();
        m.putObject("ItemCollectionKey").set(hash, keyNode.get(hash));
        m.putArray("SizeEstimateRangeGB").add(lower).add(lower + 1);
        perTable.computeIfAbsent(t.name, n -> Json.array()).add(m);
        return this;
    }

    /** PutItem, UpdateItem, DeleteItem: one {@code ItemCollectionMetrics} object. */
    void addTo(ObjectNode out) {
        perTable.values().stream().findFirst().ifPresent(a -> out.set("ItemCollectionMetrics", a.get(0)));
    }

    /** BatchWriteItem, TransactWriteItems: a map of table name to a list of metrics. */
    void addMapTo(ObjectNode out) {
        if (wanted) {
            ObjectNode map = out.putObject("ItemCollectionMetrics");
            perTable.forEach(map::set);
        }
    }
}
