package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * TransactWriteItems and TransactGetItems: every action is validated and every condition evaluated before any write,
 * and a failed condition cancels the whole transaction with its CancellationReasons.
 */
final class TransactOperations {
    private final DynamoDbService ddb;

    TransactOperations(DynamoDbService ddb) {
        this.ddb = ddb;
    }

    ObjectNode transactWrite(DynamoDbService.State state, JsonRequest r) {
        List<JsonRequest> actions = r.objectList("TransactItems");
        if (actions.isEmpty() || actions.size() > 100) {
            throw AwsException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 100, Member must have length greater than or equal to 1");
        }
        ConsumedCapacity capacity = ConsumedCapacity.of(r);
        ItemCollectionMetrics metrics = ItemCollectionMetrics.of(r);
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
            ObjectNode item = kind.equals("Put") ? ItemRequests.item(t, spec.object("Item")) : null;
            ObjectNode keyNode = item != null ? item : ItemRequests.key(t, spec.object("Key"));
            Expressions ex = ItemRequests.expressions(spec);
            List<Expressions.UpdateAction> updates = kind.equals("Update") ? ex.update(spec.requiredString("UpdateExpression")) : List.of();
            Expressions.Condition condition = kind.equals("ConditionCheck")
                    ? ex.condition(spec.requiredString("ConditionExpression"), "ConditionExpression") : ItemRequests.condition(ex, spec);
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
                case "Update" -> p.table().put(p.storageKey(), ItemUpdates.applyUpdate(p.table(), p.keyNode(), olds.get(i), p.updates()), key);
                case "Delete" -> p.table().delete(p.storageKey());
                default -> { }
            }
            if (p.kind().equals("ConditionCheck")) {
                capacity.check(p.table(), olds.get(i));
            } else {
                capacity.write(p.table(), olds.get(i), p.table().get(p.storageKey(), key), true);
                metrics.written(ddb, state, p.table(), p.keyNode());
            }
        }
        ObjectNode out = Json.object();
        capacity.addListTo(out);
        metrics.addMapTo(out);
        return out;
    }

    ObjectNode transactGet(DynamoDbService.State state, JsonRequest r) {
        List<JsonRequest> actions = r.objectList("TransactItems");
        if (actions.isEmpty() || actions.size() > 100) {
            throw AwsException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 100, Member must have length greater than or equal to 1");
        }
        ConsumedCapacity capacity = ConsumedCapacity.of(r);
        ArrayNode responses = Json.array();
        for (JsonRequest action : actions) {
            JsonRequest get = action.nested("Get");
            if (get == null) {
                throw AwsException.validation("TransactGetItems members need a Get");
            }
            ObjectNode response = ItemOperations.read(ddb, state, get);
            capacity.get(ddb.table(state, TableOperations.tableName(get)), (ObjectNode) response.get("Item"), true, true);
            responses.add(response);
        }
        ObjectNode out = Json.object().set("Responses", responses);
        capacity.addListTo(out);
        return out;
    }
}
