package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.util.List;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * PutItem, GetItem, UpdateItem and DeleteItem, with their legacy parameters. Each checks in DynamoDB's order: the
 * request's own semantics first (legacy and expression parameters not mixed, values, expressions and placeholders),
 * then looks the table up (ResourceNotFoundException), then checks the request against the table's schema
 * (docs/dynamodb-legacy-parameters.md, "Check order").
 */
final class ItemOperations {
    static final List<String> CONDITION_EXPRESSIONS = List.of("ConditionExpression");
    static final List<String> CONDITION_LEGACY = List.of("Expected", "ConditionalOperator");
    private final DynamoDbService ddb;

    ItemOperations(DynamoDbService ddb) {
        this.ddb = ddb;
    }

    ObjectNode putItem(DynamoDbService.State state, JsonRequest r) {
        String tableName = TableOperations.tableName(r);
        ConsumedCapacity capacity = ConsumedCapacity.of(r);
        ItemCollectionMetrics metrics = ItemCollectionMetrics.of(r);
        LegacyParameters.checkMixing(r, CONDITION_EXPRESSIONS, CONDITION_LEGACY);
        ObjectNode item = ItemRequests.itemValues(r.object("Item"));
        String returnValues = ItemRequests.returnValues(r, Set.of("NONE", "ALL_OLD"));
        Expressions ex = ItemRequests.expressions(r);
        Expressions.Condition condition = ItemRequests.conditionOrExpected(ex, r);
        ex.checkAllUsed();
        Table t = ddb.activeTable(state, tableName);
        ItemRequests.item(t, item);
        SecretKey key = ddb.tableKey(state, t);
        String storageKey = t.storageKey(item);
        ObjectNode old = t.get(storageKey, key);
        ItemRequests.check(condition, old, r);
        t.put(storageKey, item, key);
        ObjectNode out = Json.object();
        if (returnValues.equals("ALL_OLD") && old != null) {
            out.set("Attributes", old);
        }
        capacity.write(t, old, item, false).addTo(out);
        metrics.written(ddb, state, t, item).addTo(out);
        return out;
    }

    ObjectNode getItem(DynamoDbService.State state, JsonRequest r) {
        return read(ddb, state, r);
    }

    /** GetItem, and each Get of TransactGetItems: {@code {"Item": ...}} projected, or {@code {}} when there is none. */
    static ObjectNode read(DynamoDbService ddb, DynamoDbService.State state, JsonRequest r) {
        String tableName = TableOperations.tableName(r);
        ConsumedCapacity capacity = ConsumedCapacity.of(r);
        LegacyParameters.checkMixing(r, List.of("ProjectionExpression"), List.of("AttributesToGet"));
        ObjectNode keyNode = ItemRequests.keyValues(r.object("Key"));
        Expressions ex = ItemRequests.expressions(r);
        List<DocumentPath> projection = ItemRequests.projection(ex, r);
        ex.checkAllUsed();
        Table t = ddb.activeTable(state, tableName);
        ItemRequests.key(t, keyNode);
        ObjectNode item = t.get(t.storageKey(keyNode), ddb.tableKey(state, t));
        ObjectNode out = Json.object();
        if (item != null) {
            out.set("Item", ItemRequests.project(item, projection));
        }
        capacity.get(t, item, r.bool("ConsistentRead", false), false).addTo(out);
        return out;
    }

    ObjectNode updateItem(DynamoDbService.State state, JsonRequest r) {
        String tableName = TableOperations.tableName(r);
        ConsumedCapacity capacity = ConsumedCapacity.of(r);
        ItemCollectionMetrics metrics = ItemCollectionMetrics.of(r);
        LegacyParameters.checkMixing(r, List.of("UpdateExpression", "ConditionExpression"),
                List.of("AttributeUpdates", "Expected", "ConditionalOperator"));
        ObjectNode keyNode = ItemRequests.keyValues(r.object("Key"));
        List<Expressions.UpdateAction> legacyActions = LegacyParameters.attributeUpdates(r);
        String returnValues = ItemRequests.returnValues(r, Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        Expressions ex = ItemRequests.expressions(r);
        Expressions.Condition condition = ItemRequests.conditionOrExpected(ex, r);
        String updateExpression = r.string("UpdateExpression");
        List<Expressions.UpdateAction> actions = legacyActions != null ? legacyActions
                : updateExpression == null ? List.of() : ex.update(updateExpression);
        ex.checkAllUsed();
        Table t = ddb.activeTable(state, tableName);
        ItemRequests.key(t, keyNode);
        ItemUpdates.checkKeysNotUpdated(t, actions);
        ItemUpdates.checkIndexKeyValues(t, actions);
        SecretKey key = ddb.tableKey(state, t);
        String storageKey = t.storageKey(keyNode);
        ObjectNode old = t.get(storageKey, key);
        ItemRequests.check(condition, old, r);
        ObjectNode updated = ItemUpdates.applyUpdate(t, keyNode, old, actions);
        t.put(storageKey, updated, key);
        ObjectNode out = Json.object();
        // UPDATED_*: only the paths the update wrote, nested where the path is nested
        List<DocumentPath> touched = actions.stream().map(Expressions.UpdateAction::path).toList();
        ObjectNode attributes = switch (returnValues) {
            case "ALL_OLD" -> old;
            case "ALL_NEW" -> updated;
            case "UPDATED_OLD" -> old == null ? null : ItemRequests.project(old, touched);
            case "UPDATED_NEW" -> ItemRequests.project(updated, touched);
            default -> null;
        };
        if (attributes != null && attributes.size() > 0) {
            out.set("Attributes", attributes);
        }
        capacity.write(t, old, updated, false).addTo(out);
        metrics.written(ddb, state, t, keyNode).addTo(out);
        return out;
    }

    ObjectNode deleteItem(DynamoDbService.State state, JsonRequest r) {
        String tableName = TableOperations.tableName(r);
        ConsumedCapacity capacity = ConsumedCapacity.of(r);
        ItemCollectionMetrics metrics = ItemCollectionMetrics.of(r);
        LegacyParameters.checkMixing(r, CONDITION_EXPRESSIONS, CONDITION_LEGACY);
        ObjectNode keyNode = ItemRequests.keyValues(r.object("Key"));
        String returnValues = ItemRequests.returnValues(r, Set.of("NONE", "ALL_OLD"));
        Expressions ex = ItemRequests.expressions(r);
        Expressions.Condition condition = ItemRequests.conditionOrExpected(ex, r);
        ex.checkAllUsed();
        Table t = ddb.activeTable(state, tableName);
        ItemRequests.key(t, keyNode);
        SecretKey key = ddb.tableKey(state, t);
        String storageKey = t.storageKey(keyNode);
        ObjectNode old = t.get(storageKey, key);
        ItemRequests.check(condition, old, r);
        t.delete(storageKey);
        ObjectNode out = Json.object();
        if (returnValues.equals("ALL_OLD") && old != null) {
            out.set("Attributes", old);
        }
        capacity.write(t, old, null, false).addTo(out);
        metrics.written(ddb, state, t, keyNode).addTo(out);
        return out;
    }
}
