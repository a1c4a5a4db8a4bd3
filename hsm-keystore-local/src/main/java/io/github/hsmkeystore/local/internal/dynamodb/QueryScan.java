package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.util.ArrayList;
import java.util.Map;
import java.util.function.Predicate;
import javax.crypto.SecretKey;
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
        // the request's own semantics, then the table, then its schema (docs/dynamodb-legacy-parameters.md)
        String tableName = TableOperations.tableName(r);
        LegacyParameters.checkMixing(r, List.of("ProjectionExpression", "FilterExpression", "KeyConditionExpression"),
                List.of("AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"));
        Expressions ex = ItemRequests.expressions(r);
        Request request = request(r, ex, "QueryFilter");
        String keyExpression = r.string("KeyConditionExpression");
        List<LegacyConditions.Comparison> keyConditions = keyExpression == null ? LegacyConditions.comparisons(r, "KeyConditions") : null;
        if (keyExpression == null && keyConditions == null) {
            throw AwsException.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        if (keyConditions != null && keyConditions.size() != 1 && keyConditions.size() != 2) {
            throw AwsException.validation("Conditions can be of length 1 or 2 only");
        }
        List<Expressions.KeyPart> parts = keyExpression == null ? null : ex.keyCondition(keyExpression);
        ex.checkAllUsed();
        Table t = ddb.activeTable(state, tableName);
        Table.Index index = index(t, r);
        Table.KeySchema schema = index == null ? t.keys : index.keys();
        if (parts == null) {
            parts = LegacyConditions.keyParts(keyConditions, schema, t.attributeTypes);
        }
        StartKeys.check(t, index, request.startKey(), true);
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
        for (String attribute : request.legacyFilterAttributes()) {
            if (attribute.equals(schema.hashKey()) || attribute.equals(schema.rangeKey())) {
                throw AwsException.validation("QueryFilter can only contain non-primary key attributes: Primary key attribute: " + attribute);
            }
        }
        return run(state, t, index, schema, request, KeyRange.of(schema, hashPart, rangePart), null, r.bool("ScanIndexForward", true));
    }

    ObjectNode scan(DynamoDbService.State state, JsonRequest r) {
        String tableName = TableOperations.tableName(r);
        LegacyParameters.checkMixing(r, List.of("ProjectionExpression", "FilterExpression"),
                List.of("AttributesToGet", "ScanFilter", "ConditionalOperator"));
        Expressions ex = ItemRequests.expressions(r);
        Request request = request(r, ex, "ScanFilter");
        Integer segment = r.integer("Segment", 0, 999_999);
        Integer total = r.integer("TotalSegments", 1, 1_000_000);
        if ((segment == null) != (total == null) || (segment != null && segment >= total)) {
            throw AwsException.validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present,"
                    + " and Segment must be less than TotalSegments");
        }
        ex.checkAllUsed();
        Table t = ddb.activeTable(state, tableName);
        Table.Index index = index(t, r);
        Table.KeySchema schema = index == null ? t.keys : index.keys();
        StartKeys.check(t, index, request.startKey(), false);
        // a segment holds whole partitions, chosen from the partition key alone: deterministic and without decrypting
        Predicate<ItemKey> inSegment = segment == null ? null
                : position -> Math.floorMod(position.partition().hashCode(), total) == segment;
        return run(state, t, index, schema, request, KeyRange.ALL, inSegment, true);
    }

    /** What Query and Scan share, parsed and checked before the table is looked up. */
    private record Request(Expressions.Condition filter, List<String> legacyFilterAttributes, List<DocumentPath> projection,
                           String select, Integer limit, ObjectNode startKey, boolean consistentRead, ConsumedCapacity capacity) {
    }

    /** FilterExpression or the legacy filter ({@code legacyFilter}), projection, Select, Limit, ExclusiveStartKey. */
    private static Request request(JsonRequest r, Expressions ex, String legacyFilter) {
        String filterExpression = r.string("FilterExpression");
        List<LegacyConditions.Comparison> legacy = filterExpression == null ? LegacyConditions.comparisons(r, legacyFilter) : null;
        Expressions.Condition filter = filterExpression != null ? ex.condition(filterExpression, "FilterExpression")
                : legacy == null ? null : LegacyConditions.filter(r, legacyFilter);
        List<DocumentPath> projection = ItemRequests.projection(ex, r);
        String select = r.string("Select");
        Integer limit = r.integer("Limit", 1, Integer.MAX_VALUE);
        ObjectNode startKey = r.object("ExclusiveStartKey");
        if (select != null && !Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT").contains(select)) {
            throw AwsException.validation("1 validation error detected: Value '" + select + "' at 'select' failed to satisfy constraint");
        }
        if ("SPECIFIC_ATTRIBUTES".equals(select) && projection == null) {
            throw AwsException.validation("Select type SPECIFIC_ATTRIBUTES requires a ProjectionExpression or AttributesToGet");
        }
        if (projection != null && select != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw AwsException.validation("Cannot specify the " + (r.has("ProjectionExpression") ? "ProjectionExpression" : "AttributesToGet")
                    + " when choosing to get " + select);
        }
        List<String> legacyAttributes = legacy == null ? List.of() : legacy.stream().map(LegacyConditions.Comparison::attribute).toList();
        return new Request(filter, legacyAttributes, projection, select, limit, startKey, r.bool("ConsistentRead", false),
                ConsumedCapacity.of(r));
    }

    /**
     * The part of a table or index that a Query reads: one partition, optionally narrowed by the sort key condition,
     * as bounds of the sorted store; {@code guard} (the sort key condition) ends the read at the first key outside it.
     */
    record KeyRange(ItemKey low, boolean lowInclusive, ItemKey high, boolean highInclusive, Expressions.KeyPart guard,
                    Table.KeySchema schema) {
        static final KeyRange ALL = new KeyRange(null, true, null, true, null, null);

        static KeyRange of(Table.KeySchema schema, Expressions.KeyPart hash, Expressions.KeyPart range) {
            checkTypes(hash, schema.hashType());
            if (range != null) {
                checkTypes(range, schema.rangeType());
            }
            ItemKey partition = new ItemKey(part(hash.operands().get(0)));
            ItemKey low = partition;
            boolean lowInclusive = true;
            ItemKey high = partition.append(ItemKey.MAX);
            boolean highInclusive = true;
            if (range != null) {
                List<JsonNode> v = range.operands();
                ItemKey.Part first = part(v.get(0));
                switch (range.operator()) {
                    case "=" -> {
                        low = partition.append(first);
                        high = partition.append(first, ItemKey.MAX);
                    }
                    case "<" -> {
                        high = partition.append(first);
                        highInclusive = false;
                    }
                    case "<=" -> high = partition.append(first, ItemKey.MAX);
                    case ">" -> low = partition.append(first, ItemKey.MAX);
                    case ">=" -> low = partition.append(first);
                    case "begins_with" -> {
                        low = partition.append(first);
                        ItemKey.Part end = first.prefixEnd();
                        if (end != null) {
                            high = partition.append(end);
                            highInclusive = false;
                        }
                    }
                    case "BETWEEN" -> {
                        low = partition.append(first);
                        high = partition.append(part(v.get(1)), ItemKey.MAX);
                    }
                    default -> throw AwsException.validation("Query key condition not supported");
                }
            }
            return new KeyRange(low, lowInclusive, high, highInclusive, range, schema);
        }

        /** Each value compared with a key attribute must have its type (quoted in floci-io/floci#2467, ministack#1432). */
        private static void checkTypes(Expressions.KeyPart part, String type) {
            int expected = part.operator().equals("BETWEEN") ? 2 : 1;
            if (part.operands().size() != expected) { // e.g. "pk = sk": a key is compared with values only
                throw AwsException.validation("Invalid KeyConditionExpression: The condition on key attribute " + part.attribute()
                        + " must compare it with " + expected + " value(s) of ExpressionAttributeValues, not with attributes");
            }
            for (JsonNode v : part.operands()) {
                if (!Values.type(v).equals(type)) {
                    throw AwsException.validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
                }
            }
        }

        private static ItemKey.Part part(JsonNode value) {
            ItemKey.Part part = ItemKey.Part.of(value);
            return part == null ? ItemKey.MAX : part; // a non-scalar operand matches no key (the guard says so)
        }
    }

    private ObjectNode run(DynamoDbService.State state, Table t, Table.Index index, Table.KeySchema schema, Request request,
                           KeyRange range, Predicate<ItemKey> inSegment, boolean forward) {
        Expressions.Condition filter = request.filter();
        List<DocumentPath> projection = request.projection();
        String select = request.select();
        Integer limit = request.limit();
        ObjectNode startKey = request.startKey();
        if (index != null && index.global() && request.consistentRead()) {
            throw AwsException.validation("Consistent reads are not supported on global secondary indexes");
        }

        ItemKey low = range.low();
        boolean lowInclusive = range.lowInclusive();
        ItemKey high = range.high();
        boolean highInclusive = range.highInclusive();
        if (startKey != null) {
            ItemKey start = startPosition(t, index, startKey);
            if (forward && (low == null || start.compareTo(low) >= 0)) {
                low = start;
                lowInclusive = false;
            } else if (!forward && (high == null || start.compareTo(high) <= 0)) {
                high = start;
                highInclusive = false;
            }
        }
        SecretKey key = ddb.tableKey(state, t);
        ArrayNode items = Json.array();
        int scanned = 0;
        int count = 0;
        long bytes = 0;
        ObjectNode last = null;
        boolean cut = false;
        for (Map.Entry<ItemKey, Table.Stored> e : t.range(index, low, lowInclusive, high, highInclusive, !forward, key).entrySet()) {
            if (inSegment != null && !inSegment.test(e.getKey())) {
                continue;
            }
            if (range.guard() != null && !range.guard().condition().test(keyOnly(e.getKey(), schema))) {
                break; // begins_with: the keys sharing the prefix are contiguous, the first other one ends them
            }
            ddb.beforeItemRead(t.name);
            ObjectNode item = indexProjection(t, index, t.open(e.getValue(), key));
            scanned++;
            // the 1 MB page limit counts the items read, before the filter; the item that crosses it is returned
            bytes += Values.itemSize(item);
            last = item;
            if (filter == null || filter.test(item)) {
                count++;
                if (!"COUNT".equals(select)) {
                    items.add(ItemRequests.project(item, projection));
                }
            }
            if ((limit != null && scanned >= limit) || bytes >= PAGE_BYTES) {
                cut = true;
                break;
            }
        }
        ObjectNode out = Json.object();
        if (!"COUNT".equals(select)) {
            out.set("Items", items);
        }
        out.put("Count", count).put("ScannedCount", scanned);
        if (cut) {
            out.set("LastEvaluatedKey", lastKey(t, schema, last));
        }
        request.capacity().scan(t, index, bytes, request.consistentRead()).addTo(out);
        return out;
    }

    /** The index (or table) key of an entry as an item holding only its key attributes, for the sort key condition. */
    private static ObjectNode keyOnly(ItemKey position, Table.KeySchema schema) {
        ObjectNode node = Json.object();
        node.set(schema.hashKey(), position.component(0).toAttributeValue());
        if (schema.hasRange()) {
            node.set(schema.rangeKey(), position.component(1).toAttributeValue());
        }
        return node;
    }

    /** The position after which a page starts: the ExclusiveStartKey as a table key or an index entry key. */
    private static ItemKey startPosition(Table t, Table.Index index, ObjectNode startKey) {
        startKey.fields().forEachRemaining(e -> Values.validate(e.getValue(), e.getKey()));
        ItemKey primary = ItemKey.of(startKey, t.keys);
        ItemKey indexKey = index == null ? null : ItemKey.of(startKey, index.keys());
        if (primary == null || (index != null && indexKey == null)) {
            throw AwsException.validation("The provided starting key is invalid: The provided key element does not match the schema");
        }
        return index == null ? primary : indexKey.append(primary);
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
