package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.SecretKey;

/**
 * BatchGetItem and BatchWriteItem, validated whole before anything is read or written, in DynamoDB's order: the
 * request's own rules (counts, duplicates, values, projections), then the tables, then their key schemas. BatchGetItem
 * answers at most 16 MB and returns the keys beyond in {@code UnprocessedKeys}; BatchWriteItem never leaves items
 * unprocessed (docs/dynamodb-legacy-parameters.md, "Batches").
 */
final class BatchOperations {
    static final int MAX_GET_KEYS = 100;
    static final int MAX_WRITES = 25;
    static final long MAX_GET_RESPONSE_BYTES = 16L * 1024 * 1024;
    private final DynamoDbService ddb;

    BatchOperations(DynamoDbService ddb) {
        this.ddb = ddb;
    }

    ObjectNode batchGet(DynamoDbService.State state, JsonRequest r) {
        ObjectNode requestItems = requestItems(r);
        ConsumedCapacity capacity = ConsumedCapacity.of(r);
        record TableRead(String name, JsonRequest spec, List<ObjectNode> keys, List<DocumentPath> projection) {
        }
        List<TableRead> reads = new ArrayList<>();
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonRequest spec = new JsonRequest(structure(e.getValue(), "RequestItems." + e.getKey()));
            LegacyParameters.checkMixing(spec, List.of("ProjectionExpression"), List.of("AttributesToGet"));
            if (!spec.has("Keys")) {
                throw AwsException.validation("1 validation error detected: Value null at 'requestItems." + e.getKey()
                        + ".member.keys' failed to satisfy constraint: Member must not be null");
            }
            List<JsonRequest> keyRequests = spec.objectList("Keys");
            if (keyRequests.isEmpty()) {
                throw AwsException.validation("1 validation error detected: Value '[]' at 'requestItems." + e.getKey()
                        + ".member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
            Set<String> seen = new HashSet<>();
            List<ObjectNode> keys = new ArrayList<>();
            for (JsonRequest k : keyRequests) {
                ObjectNode keyNode = ItemRequests.keyValues(k.body());
                if (!seen.add(canonicalKey(keyNode))) {
                    throw AwsException.validation("Provided list of item keys contains duplicates");
                }
                keys.add(keyNode);
                if (++total > MAX_GET_KEYS) {
                    throw AwsException.validation("Too many items requested for the BatchGetItem call");
                }
            }
            Expressions ex = ItemRequests.expressions(spec);
            List<DocumentPath> projection = ItemRequests.projection(ex, spec);
            ex.checkAllUsed();
            reads.add(new TableRead(e.getKey(), spec, keys, projection));
        }
        List<Table> tables = new ArrayList<>();
        for (TableRead read : reads) {
            Table t = ddb.activeTable(state, read.name());
            read.keys().forEach(k -> ItemRequests.key(t, k));
            tables.add(t);
        }
        ObjectNode responses = Json.object();
        ObjectNode unprocessed = Json.object();
        long bytes = 0;
        for (int i = 0; i < reads.size(); i++) {
            TableRead read = reads.get(i);
            Table t = tables.get(i);
            SecretKey key = ddb.tableKey(state, t);
            ArrayNode found = responses.putArray(t.name);
            ArrayNode left = Json.array();
            for (ObjectNode keyNode : read.keys()) {
                if (bytes >= MAX_GET_RESPONSE_BYTES) {
                    left.add(keyNode);
                    continue;
                }
                ObjectNode item = t.get(t.storageKey(keyNode), key);
                capacity.get(t, item, read.spec().bool("ConsistentRead", false), false);
                if (item == null) {
                    continue;
                }
                ObjectNode projected = ItemRequests.project(item, read.projection());
                long size = Values.itemSize(projected);
                if (bytes + size > MAX_GET_RESPONSE_BYTES) {
                    bytes = MAX_GET_RESPONSE_BYTES; // this key and every later one come back unprocessed
                    left.add(keyNode);
                    continue;
                }
                bytes += size;
                found.add(projected);
            }
            if (!left.isEmpty()) {
                ObjectNode retry = read.spec().body().deepCopy();
                retry.set("Keys", left);
                unprocessed.set(t.name, retry);
            }
        }
        ObjectNode out = Json.object().<ObjectNode>set("Responses", responses).set("UnprocessedKeys", unprocessed);
        capacity.addListTo(out);
        return out;
    }

    ObjectNode batchWrite(DynamoDbService.State state, JsonRequest r) {
        ObjectNode requestItems = requestItems(r);
        ConsumedCapacity capacity = ConsumedCapacity.of(r);
        ItemCollectionMetrics metrics = ItemCollectionMetrics.of(r);
        record Write(String tableName, ObjectNode item, ObjectNode key) {
        }
        List<Write> writes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode list = e.getValue();
            if (!list.isArray()) {
                throw AwsException.serialization("Member 'RequestItems." + e.getKey() + "' must be a list but was "
                        + list.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
            if (list.isEmpty() || list.size() > MAX_WRITES) {
                throw AwsException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: "
                        + "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
            }
            for (JsonNode w : list) {
                JsonRequest request = new JsonRequest(structure(w, "RequestItems." + e.getKey() + ".member"));
                JsonRequest put = request.nested("PutRequest");
                JsonRequest delete = request.nested("DeleteRequest");
                if ((put == null) == (delete == null)) {
                    // the text DynamoDB answers for a write request without PutRequest / DeleteRequest
                    throw AwsException.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
                }
                writes.add(put != null ? new Write(e.getKey(), ItemRequests.itemValues(put.object("Item")), null)
                        : new Write(e.getKey(), null, ItemRequests.keyValues(delete.object("Key"))));
            }
        }
        if (writes.size() > MAX_WRITES) {
            throw AwsException.validation("Too many items requested for the BatchWriteItem call");
        }
        record Planned(Table table, String storageKey, ObjectNode item, ObjectNode keyNode) {
        }
        List<Planned> planned = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Write w : writes) {
            Table t = ddb.activeTable(state, w.tableName());
            ObjectNode keyNode = w.item() != null ? ItemRequests.item(t, w.item()) : ItemRequests.key(t, w.key());
            String storageKey = t.storageKey(keyNode);
            if (!seen.add(t.name + "\u0000" + storageKey)) {
                throw AwsException.validation("Provided list of item keys contains duplicates");
            }
            planned.add(new Planned(t, storageKey, w.item(), keyNode));
        }
        for (Planned p : planned) {
            SecretKey key = ddb.tableKey(state, p.table());
            ObjectNode old = capacity.wanted() ? p.table().get(p.storageKey(), key) : null;
            capacity.write(p.table(), old, p.item(), false);
            if (p.item() != null) {
                p.table().put(p.storageKey(), p.item(), key);
            } else {
                p.table().delete(p.storageKey());
            }
        }
        for (Planned p : planned) {
            metrics.written(ddb, state, p.table(), p.keyNode());
        }
        ObjectNode out = Json.object().set("UnprocessedItems", Json.object());
        capacity.addListTo(out);
        metrics.addMapTo(out);
        return out;
    }

    private static ObjectNode requestItems(JsonRequest r) {
        ObjectNode requestItems = ItemRequests.required(r, "RequestItems");
        if (requestItems.isEmpty()) {
            throw AwsException.validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1");
        }
        return requestItems;
    }

    private static ObjectNode structure(JsonNode node, String member) {
        if (!node.isObject()) {
            throw AwsException.serialization("Member '" + member + "' must be a structure but was "
                    + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return (ObjectNode) node;
    }

    /** A key's identity before the table is known: its attributes in name order, numbers normalised by Values.validate. */
    private static String canonicalKey(ObjectNode key) {
        Map<String, JsonNode> sorted = new TreeMap<>();
        key.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted.toString();
    }
}
