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
import java.util.Set;

/**
 * What every item operation checks and shares: items and keys against the table's schema and limits, the request's
 * expression placeholders, condition and projection, ReturnValues, and projecting an item.
 */
final class ItemRequests {
    static final long MAX_ITEM_BYTES = 400 * 1024;

    private ItemRequests() {
    }

    /** Placeholders of one request. */
    static Expressions expressions(JsonRequest r) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        ObjectNode v = r.object("ExpressionAttributeValues");
        if (v != null) {
            v.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
        }
        return new Expressions(r.stringMap("ExpressionAttributeNames"), values);
    }

    /** Validates an item: every value, the key attributes and their types, index key types, the 400 KB limit. */
    static ObjectNode item(Table t, ObjectNode item) {
        itemValues(item);
        checkKeyAttribute(t, item, t.keys.hashKey(), t.keys.hashType(), 2048);
        if (t.keys.hasRange()) {
            checkKeyAttribute(t, item, t.keys.rangeKey(), t.keys.rangeType(), 1024);
        }
        checkIndexKeyTypes(t, item);
        return item;
    }

    /** What is checked of an item before its table is looked up: every value and the 400 KB limit. */
    static ObjectNode itemValues(ObjectNode item) {
        if (item == null) {
            throw JsonRequest.missing("Item");
        }
        item.fields().forEachRemaining(e -> Values.validate(e.getValue(), e.getKey()));
        validateItemSize(item);
        return item;
    }

    /** What is checked of a key before its table is looked up: every value. */
    static ObjectNode keyValues(ObjectNode key) {
        if (key == null) {
            throw JsonRequest.missing("Key");
        }
        key.fields().forEachRemaining(e -> Values.validate(e.getValue(), e.getKey()));
        return key;
    }

    /** Every index key attribute the item has must have the type of the table's attribute definition. */
    static void checkIndexKeyTypes(Table t, ObjectNode item) {
        for (Table.Index index : t.indexes.values()) {
            for (String attr : index.keys().hasRange() ? List.of(index.keys().hashKey(), index.keys().rangeKey())
                    : List.of(index.keys().hashKey())) {
                JsonNode v = item.get(attr);
                if (v != null && !Values.type(v).equals(t.attributeTypes.get(attr))) {
                    throw AwsException.validation("One or more parameter values were invalid: Type mismatch for Index Key " + attr
                            + " Expected: " + t.attributeTypes.get(attr) + " Actual: " + Values.type(v) + " IndexName: " + index.name());
                }
            }
        }
    }

    static void validateItemSize(ObjectNode item) {
        if (Values.itemSize(item) > MAX_ITEM_BYTES) {
            throw AwsException.validation("Item size has exceeded the maximum allowed size");
        }
    }

    /** Validates a key: exactly the key attributes, of the right types. */
    static ObjectNode key(Table t, ObjectNode key) {
        keyValues(key);
        int expected = t.keys.hasRange() ? 2 : 1;
        if (key.size() != expected || !key.has(t.keys.hashKey()) || (t.keys.hasRange() && !key.has(t.keys.rangeKey()))) {
            throw AwsException.validation("The provided key element does not match the schema");
        }
        checkKeyAttribute(t, key, t.keys.hashKey(), t.keys.hashType(), 2048);
        if (t.keys.hasRange()) {
            checkKeyAttribute(t, key, t.keys.rangeKey(), t.keys.rangeType(), 1024);
        }
        return key;
    }

    private static void checkKeyAttribute(Table t, ObjectNode item, String name, String type, int maxBytes) {
        JsonNode v = item.get(name);
        if (v == null) {
            throw AwsException.validation("One or more parameter values were invalid: Missing the key " + name + " in the item");
        }
        if (!Values.type(v).equals(type)) {
            throw AwsException.validation("One or more parameter values were invalid: Type mismatch for key " + name
                    + " expected: " + type + " actual: " + Values.type(v));
        }
        int bytes = Values.keyBytes(v);
        if (bytes == 0) {
            throw AwsException.validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
                    + (type.equals("S") ? "string" : "binary") + " value. Key: " + name);
        }
        if (bytes > maxBytes) {
            throw AwsException.validation("One or more parameter values were invalid: Size of " + (maxBytes == 2048 ? "hashkey" : "rangekey")
                    + " has exceeded the maximum size limit of " + maxBytes + " bytes");
        }
    }

    static Expressions.Condition condition(Expressions ex, JsonRequest r) {
        String expression = r.string("ConditionExpression");
        return expression == null ? null : ex.condition(expression, "ConditionExpression");
    }

    /** The ConditionExpression, or else the legacy Expected / ConditionalOperator (the two are never mixed); null: none. */
    static Expressions.Condition conditionOrExpected(Expressions ex, JsonRequest r) {
        return r.has("ConditionExpression") ? condition(ex, r) : LegacyConditions.expected(r);
    }

    /** The ProjectionExpression, or else the legacy AttributesToGet; null: the whole item. */
    static List<DocumentPath> projection(Expressions ex, JsonRequest r) {
        String expression = r.string("ProjectionExpression");
        if (expression != null) {
            return ex.projection(expression);
        }
        return LegacyParameters.attributesToGet(r);
    }

    static void check(Expressions.Condition condition, ObjectNode old, JsonRequest r) {
        if (condition != null && !condition.test(old == null ? Json.object() : old)) {
            AwsException failure = AwsException.client("ConditionalCheckFailedException", "The conditional request failed");
            if ("ALL_OLD".equals(r.string("ReturnValuesOnConditionCheckFailure")) && old != null) {
                failure.withFields(Json.object().set("Item", old));
            }
            throw failure;
        }
    }

    static String returnValues(JsonRequest r, Set<String> allowed) {
        String rv = r.string("ReturnValues");
        if (rv == null) {
            return "NONE";
        }
        if (!allowed.contains(rv)) {
            throw AwsException.validation("Return values set to invalid value");
        }
        return rv;
    }

    static ObjectNode required(JsonRequest r, String member) {
        ObjectNode o = r.object(member);
        if (o == null) {
            throw JsonRequest.missing(member);
        }
        return o;
    }

    /** The item restricted to the projected paths (null: the whole item); see {@link Projection}. */
    static ObjectNode project(ObjectNode item, List<DocumentPath> paths) {
        return Projection.project(item, paths);
    }
}
