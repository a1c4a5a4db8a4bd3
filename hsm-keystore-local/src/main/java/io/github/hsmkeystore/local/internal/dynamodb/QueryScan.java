package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Query and Scan on a table or an index: key conditions, filters, projections, Select, Limit (items evaluated),
 * the 1 MB page limit, and pagination with ExclusiveStartKey / LastEvaluatedKey.
 */
final class QueryScan {
    private static final long PAGE_BYTES = 1024 * 1024;
    private final DynamoDbService ddb;

    QueryScan(DynamoDbService ddb) {
        this.ddb = ddb;
    }

    ObjectNode query(DynamoDbService.State state, JsonRequest r) {
        Table t = ddb.activeTable(state, TableOperations.tableName(r));
        Table.Index index = index(t, r);
        Table.KeySchema schema = index == null ? t.keys : index.keys();
        Expressions ex = ItemRequests.expressions(r);
        String keyExpression = r.string("KeyConditionExpression");
        if (keyExpression == null) {
            throw AwsException.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        List<Expressions.KeyPart> parts = ex.keyCondition(keyExpression);
        Expressions.KeyPart hashPart = null;
        Expressions.KeyPart rangePart = null;
        for (Expressions.KeyPart p : parts) {
            if (p.attribute().equals(schema.hashKey()) && hashPart == null && p.operator().equals("=")) {
                hashPart = p;
            } else if (schema.hasRange() && p.attribute().equals(schema.rangeKey()) && rangePart == null) {
                rangePart = p;
            } else if (!p.attribute().equals(schema.hashKey()) && !(schema.hasRange() && p.attribute().equals(schema.rangeKey()))) {
                throw AwsException.validation("Query condition missed key schema element: " + schema.hashKey());
            } else {
                throw AwsException.validation("Query key condition not supported");
            }
        }
        if (hashPart == null) {
            throw AwsException.validation("Query condition missed key schema element: " + schema.hashKey());
        }
        Expressions.KeyPart hash = hashPart;
        Expressions.KeyPart range = rangePart;
        return run(state, t, index, schema, r, ex, item -> hash.condition().test(item) && (range == null || range.condition().test(item)),
                r.bool("ScanIndexForward", true));
    }

    ObjectNode scan(DynamoDbService.State state, JsonRequest r) {
        Table t = ddb.activeTable(state, TableOperations.tableName(r));
        Table.Index index = index(t, r);
        Table.KeySchema schema = index == null ? t.keys : index.keys();
        Expressions ex = ItemRequests.expressions(r);
        Integer segment = r.integer("Segment", 0, 999_999);
        Integer total = r.integer("TotalSegments", 1, 1_000_000);
        if ((segment == null) != (total == null) || (segment != null && segment >= total)) {
            throw AwsException.validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present,"
                    + " and Segment must be less than TotalSegments");
        }
        Expressions.Condition inSegment = segment == null ? item -> true
                : item -> Math.floorMod(t.storageKey(item).hashCode(), total) == segment;
        return run(state, t, index, schema, r, ex, inSegment, true);
    }

    private ObjectNode run(DynamoDbService.State state, Table t, Table.Index index, Table.KeySchema schema, JsonRequest r,
                           Expressions ex, Expressions.Condition keyMatch, boolean forward) {
        ConsumedCapacity capacity = ConsumedCapacity.of(r);
        String filterExpression = r.string("FilterExpression");
        Expressions.Condition filter = filterExpression == null ? null : ex.condition(filterExpression, "FilterExpression");
        List<DocumentPath> projection = ItemRequests.projection(ex, r);
        String select = r.string("Select");
        Integer limit = r.integer("Limit", 1, Integer.MAX_VALUE);
        ObjectNode startKey = r.object("ExclusiveStartKey");
        if (index != null && index.global() && r.bool("ConsistentRead", false)) {
            throw AwsException.validation("Consistent reads are not supported on global secondary indexes");
        }
        if (select != null && !Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT").contains(select)) {
            throw AwsException.validation("1 validation error detected: Value '" + select + "' at 'select' failed to satisfy constraint");
        }
        if ("SPECIFIC_ATTRIBUTES".equals(select) && projection == null) {
            throw AwsException.validation("Select type SPECIFIC_ATTRIBUTES requires a ProjectionExpression or AttributesToGet");
        }
        if (projection != null && select != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw AwsException.validation("Cannot specify the ProjectionExpression when choosing to get " + select);
        }
        ex.checkAllUsed();

        Comparator<ObjectNode> order = t.order(schema);
        List<ObjectNode> candidates = new ArrayList<>();
        for (ObjectNode item : t.all(ddb.tableKey(state, t))) {
            if (item.has(schema.hashKey()) && (!schema.hasRange() || item.has(schema.rangeKey())) && keyMatch.test(item)) {
                candidates.add(item);
            }
        }
        candidates.sort(forward ? order : order.reversed());
        int start = 0;
        if (startKey != null) {
            startKey.fields().forEachRemaining(e -> Values.validate(e.getValue(), e.getKey()));
            if (!startKey.has(t.keys.hashKey()) || !startKey.has(schema.hashKey())) {
                throw AwsException.validation("The provided starting key is invalid: The provided key element does not match the schema");
            }
            Comparator<ObjectNode> directed = forward ? order : order.reversed();
            while (start < candidates.size() && directed.compare(candidates.get(start), startKey) <= 0) {
                start++;
            }
        }
        ArrayNode items = Json.array();
        int scanned = 0;
        int count = 0;
        long bytes = 0;
        ObjectNode last = null;
        for (int i = start; i < candidates.size(); i++) {
            if ((limit != null && scanned >= limit) || bytes >= PAGE_BYTES) {
                break;
            }
            ObjectNode item = candidates.get(i);
            scanned++;
            bytes += Values.itemSize(item);
            last = item;
            if (filter != null && !filter.test(item)) {
                continue;
            }
            count++;
            if (!"COUNT".equals(select)) {
                items.add(ItemRequests.project(indexProjection(t, index, item), projection));
            }
        }
        ObjectNode out = Json.object();
        if (!"COUNT".equals(select)) {
            out.set("Items", items);
        }
        out.put("Count", count).put("ScannedCount", scanned);
        boolean stopped = last != null && candidates.indexOf(last) < candidates.size() - 1;
        boolean limitReached = limit != null && scanned >= limit;
        if (last != null && (stopped || limitReached)) {
            out.set("LastEvaluatedKey", lastKey(t, schema, last));
        }
        capacity.scan(t, index, bytes, r.bool("ConsistentRead", false)).addTo(out);
        return out;
    }

    private static ObjectNode lastKey(Table t, Table.KeySchema schema, ObjectNode item) {
        ObjectNode key = Json.object();
        for (String attr : List.of(t.keys.hashKey(), schema.hashKey())) {
            key.set(attr, item.get(attr));
        }
        if (t.keys.hasRange()) {
            key.set(t.keys.rangeKey(), item.get(t.keys.rangeKey()));
        }
        if (schema.hasRange()) {
            key.set(schema.rangeKey(), item.get(schema.rangeKey()));
        }
        return key;
    }

    /** What an index holds of an item: KEYS_ONLY, INCLUDE (plus the named attributes) or ALL. */
    private static ObjectNode indexProjection(Table t, Table.Index index, ObjectNode item) {
        if (index == null || index.projectionType().equals("ALL")) {
            return item;
        }
        ObjectNode out = Json.object();
        List<String> keep = new ArrayList<>(List.of(t.keys.hashKey(), index.keys().hashKey()));
        if (t.keys.hasRange()) {
            keep.add(t.keys.rangeKey());
        }
        if (index.keys().hasRange()) {
            keep.add(index.keys().rangeKey());
        }
        if (index.projectionType().equals("INCLUDE")) {
            keep.addAll(index.nonKeyAttributes());
        }
        for (String name : keep) {
            JsonNode v = item.get(name);
            if (v != null) {
                out.set(name, v);
            }
        }
        return out;
    }

    private static Table.Index index(Table t, JsonRequest r) {
        String name = r.string("IndexName");
        if (name == null) {
            return null;
        }
        Table.Index index = t.indexes.get(name);
        if (index == null) {
            throw AwsException.validation("The table does not have the specified index: " + name);
        }
        if (t.settings.backfilling(name)) { // text quoted from DynamoDB in cloudformation-coverage-roadmap#1075
            throw AwsException.validation("Cannot read from backfilling global secondary index");
        }
        return index;
    }
}
