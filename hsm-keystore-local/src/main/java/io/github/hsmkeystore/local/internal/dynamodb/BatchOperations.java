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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;

/** BatchGetItem and BatchWriteItem: validated whole before anything is read or written; UnprocessedKeys/Items stay empty. */
final class BatchOperations {
    private final DynamoDbService ddb;

    BatchOperations(DynamoDbService ddb) {
        this.ddb = ddb;
    }

    ObjectNode batchGet(DynamoDbService.State state, JsonRequest r) {
        ObjectNode requestItems = ItemRequests.required(r, "RequestItems");
        ConsumedCapacity capacity = ConsumedCapacity.of(r);
        ObjectNode responses = Json.object();
        int total = 0;
        Map<String, List<ObjectNode>> results = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Table t = ddb.activeTable(state, e.getKey());
            JsonRequest spec = new JsonRequest((ObjectNode) e.getValue());
            Expressions ex = ItemRequests.expressions(spec);
            List<DocumentPath> projection = ItemRequests.projection(ex, spec);
            ex.checkAllUsed();
            Set<String> seen = new HashSet<>();
            List<ObjectNode> found = new ArrayList<>();
            SecretKey key = ddb.tableKey(state, t);
            for (JsonRequest k : spec.objectList("Keys")) {
                ObjectNode keyNode = ItemRequests.key(t, k.body());
                if (!seen.add(t.storageKey(keyNode))) {
                    throw AwsException.validation("Provided list of item keys contains duplicates");
                }
                total++;
                ObjectNode item = t.get(t.storageKey(keyNode), key);
                capacity.get(t, item, spec.bool("ConsistentRead", false), false);
                if (item != null) {
                    found.add(ItemRequests.project(item, projection));
                }
            }
            results.put(t.name, found);
        }
        if (total > 100) {
            throw AwsException.validation("Too many items requested for the BatchGetItem call");
        }
        if (total == 0) {
            throw AwsException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        results.forEach((name, list) -> {
            ArrayNode a = responses.putArray(name);
            list.forEach(a::add);
        });
        ObjectNode out = Json.object().<ObjectNode>set("Responses", responses).set("UnprocessedKeys", Json.object());
        capacity.addListTo(out);
        return out;
    }

    ObjectNode batchWrite(DynamoDbService.State state, JsonRequest r) {
        ObjectNode requestItems = ItemRequests.required(r, "RequestItems");
        ConsumedCapacity capacity = ConsumedCapacity.of(r);
        ItemCollectionMetrics metrics = ItemCollectionMetrics.of(r);
        record Write(Table table, String storageKey, ObjectNode item, ObjectNode keyNode) {
        }
        List<Write> writes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Table t = ddb.activeTable(state, e.getKey());
            if (!e.getValue().isArray()) {
                throw AwsException.serialization("RequestItems." + e.getKey() + " must be a list of write requests");
            }
            Set<String> seen = new HashSet<>();
            for (JsonNode w : e.getValue()) {
                JsonRequest request = new JsonRequest((ObjectNode) w);
                JsonRequest put = request.nested("PutRequest");
                JsonRequest delete = request.nested("DeleteRequest");
                if ((put == null) == (delete == null)) {
                    throw AwsException.validation("Supplied AttributeValue has more than one datatypes set, each write request needs exactly one of PutRequest or DeleteRequest");
                }
                ObjectNode item = put != null ? ItemRequests.item(t, put.object("Item")) : null;
                ObjectNode keyNode = put != null ? item : ItemRequests.key(t, delete.object("Key"));
                String storageKey = t.storageKey(keyNode);
                if (!seen.add(storageKey)) {
                    throw AwsException.validation("Provided list of item keys contains duplicates");
                }
                writes.add(new Write(t, storageKey, item, keyNode));
            }
        }
        if (writes.isEmpty() || writes.size() > 25) {
            throw AwsException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: "
                    + "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
        }
        for (Write w : writes) {
            SecretKey key = ddb.tableKey(state, w.table());
            ObjectNode old = capacity.wanted() ? w.table().get(w.storageKey(), key) : null;
            capacity.write(w.table(), old, w.item(), false);
            if (w.item() != null) {
                w.table().put(w.storageKey(), w.item(), key);
            } else {
                w.table().delete(w.storageKey());
            }
        }
        for (Write w : writes) {
            metrics.written(ddb, state, w.table(), w.keyNode());
        }
        ObjectNode out = Json.object().set("UnprocessedItems", Json.object());
        capacity.addListTo(out);
        metrics.addMapTo(out);
        return out;
    }
}
