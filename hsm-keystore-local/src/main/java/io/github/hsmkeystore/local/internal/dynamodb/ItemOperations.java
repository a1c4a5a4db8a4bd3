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

/** PutItem, GetItem, UpdateItem, DeleteItem, BatchGetItem, BatchWriteItem, TransactWriteItems, TransactGetItems. */
final class ItemOperations {
    static final long MAX_ITEM_BYTES = 400 * 1024;
    private final DynamoDbService ddb;
    private final QueryScan queryScan;

    ItemOperations(DynamoDbService ddb) {
        this.ddb = ddb;
        this.queryScan = new QueryScan(ddb, this);
    }

    ObjectNode query(DynamoDbService.State state, JsonRequest r) {
        return queryScan.query(state, r);
    }

    ObjectNode scan(DynamoDbService.State state, JsonRequest r) {
        return queryScan.scan(state, r);
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

    // ---- single-item operations ----

    ObjectNode putItem(DynamoDbService.State state, JsonRequest r) {
        Table t = ddb.activeTable(state, TableOperations.tableName(r));
        ObjectNode item = item(t, r.object("Item"));
        Expressions ex = expressions(r);
        Expressions.Condition condition = condition(ex, r);
        String returnValues = returnValues(r, Set.of("NONE", "ALL_OLD"));
        ex.checkAllUsed();
        SecretKey key = ddb.tableKey(state, t);
        String storageKey = t.storageKey(item);
        ObjectNode old = t.get(storageKey, key);
        check(condition, old, r);
        t.put(storageKey, item, key);
        ObjectNode out = Json.object();
        if (returnValues.equals("ALL_OLD") && old != null) {
            out.set("Attributes", old);
        }
        return out;
    }

    ObjectNode getItem(DynamoDbService.State state, JsonRequest r) {
        Table t = ddb.activeTable(state, TableOperations.tableName(r));
        ObjectNode keyNode = key(t, r.object("Key"));
        Expressions ex = expressions(r);
        List<DocumentPath> projection = projection(ex, r);
        ex.checkAllUsed();
        ObjectNode item = t.get(t.storageKey(keyNode), ddb.tableKey(state, t));
        ObjectNode out = Json.object();
        if (item != null) {
            out.set("Item", project(item, projection));
        }
        return out;
    }

    ObjectNode updateItem(DynamoDbService.State state, JsonRequest r) {
        Table t = ddb.activeTable(state, TableOperations.tableName(r));
        ObjectNode keyNode = key(t, r.object("Key"));
        Expressions ex = expressions(r);
        String updateExpression = r.string("UpdateExpression");
        List<Expressions.UpdateAction> actions = updateExpression == null ? List.of() : ex.update(updateExpression);
        Expressions.Condition condition = condition(ex, r);
        String returnValues = returnValues(r, Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        ex.checkAllUsed();
        SecretKey key = ddb.tableKey(state, t);
        String storageKey = t.storageKey(keyNode);
        ObjectNode old = t.get(storageKey, key);
        check(condition, old, r);
        ObjectNode updated = applyUpdate(t, keyNode, old, actions);
        t.put(storageKey, updated, key);
        ObjectNode out = Json.object();
        // UPDATED_*: only the paths the update expression wrote, nested where the path is nested
        List<DocumentPath> touched = actions.stream().map(Expressions.UpdateAction::path).toList();
        ObjectNode attributes = switch (returnValues) {
            case "ALL_OLD" -> old;
            case "ALL_NEW" -> updated;
            case "UPDATED_OLD" -> old == null ? null : project(old, touched);
            case "UPDATED_NEW" -> project(updated, touched);
            default -> null;
        };
        if (attributes != null && attributes.size() > 0) {
            out.set("Attributes", attributes);
        }
        return out;
    }

    ObjectNode deleteItem(DynamoDbService.State state, JsonRequest r) {
        Table t = ddb.activeTable(state, TableOperations.tableName(r));
        ObjectNode keyNode = key(t, r.object("Key"));
        Expressions ex = expressions(r);
        Expressions.Condition condition = condition(ex, r);
        String returnValues = returnValues(r, Set.of("NONE", "ALL_OLD"));
        ex.checkAllUsed();
        SecretKey key = ddb.tableKey(state, t);
        String storageKey = t.storageKey(keyNode);
        ObjectNode old = t.get(storageKey, key);
        check(condition, old, r);
        t.delete(storageKey);
        ObjectNode out = Json.object();
        if (returnValues.equals("ALL_OLD") && old != null) {
            out.set("Attributes", old);
        }
        return out;
    }

    /** Orders paths by their list indexes (element by element), so later list elements sort after earlier ones. */
    private static int compareIndexes(DocumentPath a, DocumentPath b) {
        for (int i = 0; i < Math.min(a.elements().size(), b.elements().size()); i++) {
            Object x = a.elements().get(i);
            Object y = b.elements().get(i);
            if (x instanceof Integer xi && y instanceof Integer yi && !xi.equals(yi)) {
                return Integer.compare(xi, yi);
            }
            if (!x.equals(y)) {
                return 0;
            }
        }
        return 0;
    }

    /** Applies SET / REMOVE / ADD / DELETE to a copy of the item (or a new item made of the key). */
    ObjectNode applyUpdate(Table t, ObjectNode keyNode, ObjectNode old, List<Expressions.UpdateAction> actions) {
        ObjectNode current = old == null ? keyNode.deepCopy() : old.deepCopy();
        ObjectNode source = old == null ? keyNode : old; // operands read the item as it was before the update
        // every action addresses the item as it was: REMOVEs go last, list elements from the highest index down, so that
        // REMOVE l[0], l[2] removes the original first and third elements (paths never overlap, so order is free otherwise)
        List<Expressions.UpdateAction> ordered = new ArrayList<>(actions);
        ordered.sort(java.util.Comparator.comparingInt((Expressions.UpdateAction a) -> a.kind().equals("REMOVE") ? 1 : 0)
                .thenComparing((a, b) -> a.kind().equals("REMOVE") && b.kind().equals("REMOVE") ? -compareIndexes(a.path(), b.path()) : 0));
        for (Expressions.UpdateAction a : ordered) {
            String top = a.path().topName();
            if (top.equals(t.keys.hashKey()) || top.equals(t.keys.rangeKey())) {
                throw AwsException.validation("One or more parameter values were invalid: Cannot update attribute " + top
                        + ". This attribute is part of the key");
            }
            switch (a.kind()) {
                case "SET" -> {
                    JsonNode value = a.value().eval(source);
                    if (value == null) {
                        throw AwsException.validation("The provided expression refers to an attribute that does not exist in the item");
                    }
                    if (!a.path().set(current, value.deepCopy())) {
                        throw AwsException.validation("The document path provided in the update expression is invalid for update");
                    }
                }
                case "REMOVE" -> a.path().remove(current);
                case "ADD" -> add(current, a);
                default -> deleteFromSet(current, a);
            }
        }
        validateItemSize(current);
        return current;
    }

    private static void add(ObjectNode item, Expressions.UpdateAction a) {
        JsonNode operand = a.value().eval(item);
        JsonNode existing = a.path().get(item);
        String type = Values.type(operand);
        if (!Set.of("N", "SS", "NS", "BS").contains(type)) {
            throw AwsException.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: "
                    + typeName(type));
        }
        JsonNode result;
        if (existing == null) {
            result = operand.deepCopy();
        } else if (!Values.type(existing).equals(type)) {
            throw AwsException.validation("An operand in the update expression has an incorrect data type");
        } else if (type.equals("N")) {
            result = Values.n(Values.number(Values.payload(existing).textValue()).add(Values.number(Values.payload(operand).textValue())));
        } else {
            ObjectNode union = existing.deepCopy();
            ArrayNode members = (ArrayNode) Values.payload(union);
            for (JsonNode m : Values.payload(operand)) {
                if (!containsMember(type, members, m)) {
                    members.add(m);
                }
            }
            result = union;
        }
        if (!a.path().set(item, result)) {
            throw AwsException.validation("The document path provided in the update expression is invalid for update");
        }
    }

    private static void deleteFromSet(ObjectNode item, Expressions.UpdateAction a) {
        JsonNode operand = a.value().eval(item);
        String type = Values.type(operand);
        if (!Set.of("SS", "NS", "BS").contains(type)) {
            throw AwsException.validation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: "
                    + typeName(type));
        }
        JsonNode existing = a.path().get(item);
        if (existing == null) {
            return;
        }
        if (!Values.type(existing).equals(type)) {
            throw AwsException.validation("An operand in the update expression has an incorrect data type");
        }
        ArrayNode kept = Json.array();
        for (JsonNode m : Values.payload(existing)) {
            if (!containsMember(type, (ArrayNode) Values.payload(operand), m)) {
                kept.add(m);
            }
        }
        if (kept.isEmpty()) {
            a.path().remove(item);
        } else {
            ObjectNode replacement = Json.object();
            replacement.set(type, kept);
            a.path().set(item, replacement);
        }
    }

    private static boolean containsMember(String setType, ArrayNode members, JsonNode m) {
        for (JsonNode e : members) {
            boolean same = setType.equals("NS")
                    ? Values.number(e.textValue()).compareTo(Values.number(m.textValue())) == 0
                    : e.textValue().equals(m.textValue());
            if (same) {
                return true;
            }
        }
        return false;
    }

    private static String typeName(String type) {
        return switch (type) {
            case "S" -> "STRING";
            case "N" -> "NUMBER";
            case "B" -> "BINARY";
            case "BOOL" -> "BOOLEAN";
            case "M" -> "MAP";
            case "L" -> "LIST";
            default -> type;
        };
    }

    // ---- batches and transactions ----

    ObjectNode batchGet(DynamoDbService.State state, JsonRequest r) {
        ObjectNode requestItems = required(r, "RequestItems");
        ObjectNode responses = Json.object();
        int total = 0;
        Map<String, List<ObjectNode>> results = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Table t = ddb.activeTable(state, e.getKey());
            JsonRequest spec = new JsonRequest((ObjectNode) e.getValue());
            Expressions ex = expressions(spec);
            List<DocumentPath> projection = projection(ex, spec);
            ex.checkAllUsed();
            Set<String> seen = new HashSet<>();
            List<ObjectNode> found = new ArrayList<>();
            SecretKey key = ddb.tableKey(state, t);
            for (JsonRequest k : spec.objectList("Keys")) {
                ObjectNode keyNode = key(t, k.body());
                if (!seen.add(t.storageKey(keyNode))) {
                    throw AwsException.validation("Provided list of item keys contains duplicates");
                }
                total++;
                ObjectNode item = t.get(t.storageKey(keyNode), key);
                if (item != null) {
                    found.add(project(item, projection));
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
        return Json.object().<ObjectNode>set("Responses", responses).set("UnprocessedKeys", Json.object());
    }

    ObjectNode batchWrite(DynamoDbService.State state, JsonRequest r) {
        ObjectNode requestItems = required(r, "RequestItems");
        record Write(Table table, String storageKey, ObjectNode item) {
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
                ObjectNode item = put != null ? item(t, put.object("Item")) : null;
                ObjectNode keyNode = put != null ? item : key(t, delete.object("Key"));
                String storageKey = t.storageKey(keyNode);
                if (!seen.add(storageKey)) {
                    throw AwsException.validation("Provided list of item keys contains duplicates");
                }
                writes.add(new Write(t, storageKey, item));
            }
        }
        if (writes.isEmpty() || writes.size() > 25) {
            throw AwsException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: "
                    + "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
        }
        for (Write w : writes) {
            SecretKey key = ddb.tableKey(state, w.table());
            if (w.item() != null) {
                w.table().put(w.storageKey(), w.item(), key);
            } else {
                w.table().delete(w.storageKey());
            }
        }
        return Json.object().set("UnprocessedItems", Json.object());
    }

    ObjectNode transactWrite(DynamoDbService.State state, JsonRequest r) {
        List<JsonRequest> actions = r.objectList("TransactItems");
        if (actions.isEmpty() || actions.size() > 100) {
            throw AwsException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 100, Member must have length greater than or equal to 1");
        }
        record Planned(String kind, Table table, String storageKey, ObjectNode keyNode, ObjectNode item, JsonRequest spec,
                       Expressions ex, Expressions.Condition condition, List<Expressions.UpdateAction> updates) {
        }
        List<Planned> planned = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonRequest action : actions) {
            String kind = action.body().size() == 1 ? action.body().fieldNames().next() : "";
            if (!Set.of("ConditionCheck", "Put", "Update", "Delete").contains(kind)) {
                throw AwsException.validation("TransactItems members need exactly one of ConditionCheck, Put, Update or Delete");
            }
            JsonRequest spec = action.nested(kind);
            Table t = ddb.activeTable(state, TableOperations.tableName(spec));
            ObjectNode item = kind.equals("Put") ? item(t, spec.object("Item")) : null;
            ObjectNode keyNode = item != null ? item : key(t, spec.object("Key"));
            Expressions ex = expressions(spec);
            List<Expressions.UpdateAction> updates = kind.equals("Update") ? ex.update(spec.requiredString("UpdateExpression")) : List.of();
            Expressions.Condition condition = kind.equals("ConditionCheck")
                    ? ex.condition(spec.requiredString("ConditionExpression"), "ConditionExpression") : condition(ex, spec);
            ex.checkAllUsed();
            String storageKey = t.storageKey(keyNode);
            if (!seen.add(t.name + "\u0000" + storageKey)) {
                throw AwsException.validation("Transaction request cannot include multiple operations on one item");
            }
            planned.add(new Planned(kind, t, storageKey, keyNode, item, spec, ex, condition, updates));
        }
        List<String> reasons = new ArrayList<>();
        ArrayNode reasonJson = Json.array();
        boolean failed = false;
        List<ObjectNode> olds = new ArrayList<>();
        for (Planned p : planned) {
            ObjectNode old = p.table().get(p.storageKey(), ddb.tableKey(state, p.table()));
            olds.add(old);
            boolean ok = p.condition() == null || p.condition().test(old == null ? Json.object() : old);
            ObjectNode reason = reasonJson.addObject();
            if (ok) {
                reason.put("Code", "None");
                reasons.add("None");
            } else {
                failed = true;
                reason.put("Code", "ConditionalCheckFailed").put("Message", "The conditional request failed");
                if ("ALL_OLD".equals(p.spec().string("ReturnValuesOnConditionCheckFailure")) && old != null) {
                    reason.set("Item", old);
                }
                reasons.add("ConditionalCheckFailed");
            }
        }
        if (failed) {
            ObjectNode fields = Json.object();
            fields.set("CancellationReasons", reasonJson);
            throw AwsException.client("TransactionCanceledException", "Transaction cancelled, please refer cancellation reasons for specific reasons "
                    + reasons).withFields(fields);
        }
        for (int i = 0; i < planned.size(); i++) {
            Planned p = planned.get(i);
            SecretKey key = ddb.tableKey(state, p.table());
            switch (p.kind()) {
                case "Put" -> p.table().put(p.storageKey(), p.item(), key);
                case "Update" -> p.table().put(p.storageKey(), applyUpdate(p.table(), p.keyNode(), olds.get(i), p.updates()), key);
                case "Delete" -> p.table().delete(p.storageKey());
                default -> { }
            }
        }
        return Json.object();
    }

    ObjectNode transactGet(DynamoDbService.State state, JsonRequest r) {
        List<JsonRequest> actions = r.objectList("TransactItems");
        if (actions.isEmpty() || actions.size() > 100) {
            throw AwsException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 100, Member must have length greater than or equal to 1");
        }
        ArrayNode responses = Json.array();
        for (JsonRequest action : actions) {
            JsonRequest get = action.nested("Get");
            if (get == null) {
                throw AwsException.validation("TransactGetItems members need a Get");
            }
            Table t = ddb.activeTable(state, TableOperations.tableName(get));
            ObjectNode keyNode = key(t, get.object("Key"));
            Expressions ex = expressions(get);
            List<DocumentPath> projection = projection(ex, get);
            ex.checkAllUsed();
            ObjectNode item = t.get(t.storageKey(keyNode), ddb.tableKey(state, t));
            ObjectNode response = responses.addObject();
            if (item != null) {
                response.set("Item", project(item, projection));
            }
        }
        return Json.object().set("Responses", responses);
    }

    // ---- shared helpers ----

    /** Validates an item: every value, the key attributes and their types, index key types, the 400 KB limit. */
    ObjectNode item(Table t, ObjectNode item) {
        if (item == null) {
            throw JsonRequest.missing("Item");
        }
        item.fields().forEachRemaining(e -> Values.validate(e.getValue(), e.getKey()));
        checkKeyAttribute(t, item, t.keys.hashKey(), t.keys.hashType(), 2048);
        if (t.keys.hasRange()) {
            checkKeyAttribute(t, item, t.keys.rangeKey(), t.keys.rangeType(), 1024);
        }
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
        validateItemSize(item);
        return item;
    }

    private static void validateItemSize(ObjectNode item) {
        if (Values.itemSize(item) > MAX_ITEM_BYTES) {
            throw AwsException.validation("Item size has exceeded the maximum allowed size");
        }
    }

    /** Validates a key: exactly the key attributes, of the right types. */
    ObjectNode key(Table t, ObjectNode key) {
        if (key == null) {
            throw JsonRequest.missing("Key");
        }
        key.fields().forEachRemaining(e -> Values.validate(e.getValue(), e.getKey()));
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

    static List<DocumentPath> projection(Expressions ex, JsonRequest r) {
        String expression = r.string("ProjectionExpression");
        if (expression != null) {
            return ex.projection(expression);
        }
        List<String> attributesToGet = r.stringList("AttributesToGet");
        return attributesToGet.isEmpty() ? null
                : attributesToGet.stream().map(a -> new DocumentPath(List.of(a))).toList();
    }

    private static void check(Expressions.Condition condition, ObjectNode old, JsonRequest r) {
        if (condition != null && !condition.test(old == null ? Json.object() : old)) {
            AwsException failure = AwsException.client("ConditionalCheckFailedException", "The conditional request failed");
            if ("ALL_OLD".equals(r.string("ReturnValuesOnConditionCheckFailure")) && old != null) {
                failure.withFields(Json.object().set("Item", old));
            }
            throw failure;
        }
    }

    private static String returnValues(JsonRequest r, Set<String> allowed) {
        String rv = r.string("ReturnValues");
        if (rv == null) {
            return "NONE";
        }
        if (!allowed.contains(rv)) {
            throw AwsException.validation("Return values set to invalid value");
        }
        return rv;
    }

    private static ObjectNode required(JsonRequest r, String member) {
        ObjectNode o = r.object(member);
        if (o == null) {
            throw JsonRequest.missing(member);
        }
        return o;
    }

    /** The item restricted to the projected paths (null: the whole item). */
    static ObjectNode project(ObjectNode item, List<DocumentPath> paths) {
        if (paths == null) {
            return item;
        }
        ObjectNode out = Json.object();
        for (DocumentPath p : paths) {
            JsonNode v = p.get(item);
            if (v == null) {
                continue;
            }
            if (p.elements().size() == 1) {
                out.set(p.topName(), v);
                continue;
            }
            // rebuild the nested structure along the path
            ObjectNode container = out;
            String name = p.topName();
            JsonNode source = item.get(name);
            for (int i = 1; i < p.elements().size(); i++) {
                Object element = p.elements().get(i);
                String type = Values.type(source);
                ObjectNode node = (ObjectNode) container.get(name);
                if (node == null) {
                    node = Json.object();
                    node.set(type, type.equals("M") ? Json.object() : Json.array());
                    container.set(name, node);
                }
                JsonNode next = element instanceof String s ? Values.payload(source).get(s) : Values.payload(source).get((Integer) element);
                if (i == p.elements().size() - 1) {
                    if (element instanceof String s) {
                        ((ObjectNode) Values.payload(node)).set(s, next);
                    } else {
                        ((ArrayNode) Values.payload(node)).add(next);
                    }
                } else if (element instanceof String s) {
                    container = (ObjectNode) Values.payload(node);
                    name = s;
                } else {
                    ((ArrayNode) Values.payload(node)).add(next); // below a list element: keep the element whole
                    break;
                }
                source = next;
            }
        }
        return out;
    }
}
