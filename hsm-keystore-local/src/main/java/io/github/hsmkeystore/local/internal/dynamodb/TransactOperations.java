package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * TransactWriteItems and TransactGetItems as DynamoDB runs them (docs/dynamodb-transactions-and-limits.md): the whole
 * request is validated first (a malformed action, an unknown table, a bad key or item, an expression that does not
 * parse, two actions on one item: a {@code ValidationException} of the request); then every action is evaluated against
 * the items as they are (conditions, update expressions, the resulting item's size, nesting, numbers and index key
 * types): any failure cancels the transaction with {@code TransactionCanceledException} and one CancellationReason per
 * action in request order; only when every action passes is anything written, all at once.
 */
final class TransactOperations {
    /** The 4 MB aggregate size of the items of one transaction (TransactWriteItems / TransactGetItems API reference). */
    static final long MAX_TRANSACTION_BYTES = 4L * 1024 * 1024;
    private static final Set<String> WRITE_KINDS = Set.of("ConditionCheck", "Put", "Update", "Delete");

    private final DynamoDbService ddb;
    private final TransactTokens tokens = new TransactTokens();

    TransactOperations(DynamoDbService ddb) {
        this.ddb = ddb;
    }

    /** One validated action of a TransactWriteItems request. */
    private record Planned(String kind, Table table, String storageKey, ObjectNode keyNode, ObjectNode item, JsonRequest spec,
                           Expressions.Condition condition, List<Expressions.UpdateAction> updates) {
    }

    ObjectNode transactWrite(DynamoDbService.State state, JsonRequest r) {
        ObjectNode asReceived = r.body().deepCopy(); // before validation normalises numbers in place
        String token = r.string("ClientRequestToken", 1, 36);
        List<JsonRequest> actions = actions(r);
        if (token == null) {
            return write(state, r, actions);
        }
        return tokens.run(state.scope, token, asReceived, ddb.clock, () -> write(state, r, actions));
    }

    private ObjectNode write(DynamoDbService.State state, JsonRequest r, List<JsonRequest> actions) {
        ConsumedCapacity capacity = ConsumedCapacity.of(r);
        ItemCollectionMetrics metrics = ItemCollectionMetrics.of(r);
        List<Planned> planned = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long bytes = 0;
        for (JsonRequest action : actions) {
            String kind = onlyMember(action, WRITE_KINDS, "TransactItems can only contain one of Check, Put, Update or Delete");
            JsonRequest spec = action.nested(kind);
            Table t = ddb.activeTable(state, TableOperations.tableName(spec));
            ObjectNode item = kind.equals("Put") ? ItemRequests.item(t, spec.object("Item")) : null;
            ObjectNode keyNode = item != null ? item : ItemRequests.key(t, spec.object("Key"));
            Expressions ex = ItemRequests.expressions(spec);
            List<Expressions.UpdateAction> updates = kind.equals("Update") ? ex.update(spec.requiredString("UpdateExpression")) : List.of();
            Expressions.Condition condition = kind.equals("ConditionCheck")
                    ? ex.condition(spec.requiredString("ConditionExpression"), "ConditionExpression") : ItemRequests.condition(ex, spec);
            String onFailure = spec.string("ReturnValuesOnConditionCheckFailure");
            if (onFailure != null && !onFailure.equals("NONE") && !onFailure.equals("ALL_OLD")) {
                throw AwsException.validation("1 validation error detected: Value '" + onFailure + "' at 'transactItems."
                        + (planned.size() + 1) + ".member." + JsonRequest.camel(kind) + ".returnValuesOnConditionCheckFailure'"
                        + " failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]");
            }
            ex.checkAllUsed();
            String storageKey = t.storageKey(keyNode);
            if (!seen.add(t.name + "\u0000" + storageKey)) {
                throw AwsException.validation("Transaction request cannot include multiple operations on one item");
            }
            bytes += item != null ? Values.itemSize(item) : Values.itemSize(keyNode);
            planned.add(new Planned(kind, t, storageKey, keyNode, item, spec, condition, updates));
        }
        if (bytes > MAX_TRANSACTION_BYTES) {
            throw AwsException.validation("Transaction request size has exceeded the maximum allowed size of 4 MB");
        }

        // evaluate every action against the items as they are; nothing is written before all of them pass
        ArrayNode reasons = Json.array();
        List<String> codes = new ArrayList<>();
        List<ObjectNode> results = new ArrayList<>();
        List<ObjectNode> olds = new ArrayList<>();
        for (Planned p : planned) {
            ObjectNode old = p.table().get(p.storageKey(), ddb.tableKey(state, p.table()));
            olds.add(old);
            ObjectNode reason = reasons.addObject();
            ObjectNode result = null;
            try {
                if (p.condition() != null && !p.condition().test(old == null ? Json.object() : old)) {
                    reason.put("Code", "ConditionalCheckFailed").put("Message", "The conditional request failed");
                    if ("ALL_OLD".equals(p.spec().string("ReturnValuesOnConditionCheckFailure")) && old != null) {
                        reason.set("Item", old);
                    }
                } else {
                    if (p.kind().equals("Update")) {
                        // the updated item must be a valid item of its table: size, nesting, numbers, index key types
                        result = ItemRequests.item(p.table(), ItemUpdates.applyUpdate(p.table(), p.keyNode(), old, p.updates()));
                    }
                    reason.put("Code", "None");
                }
            } catch (AwsException e) {
                if (!e.type().equals("ValidationException")) {
                    throw e;
                }
                reason.removeAll();
                reason.put("Code", "ValidationError").put("Message", e.getMessage());
            }
            codes.add(reason.get("Code").textValue());
            results.add(result);
        }
        if (codes.stream().anyMatch(c -> !c.equals("None"))) {
            throw AwsException.client("TransactionCanceledException",
                    "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes)
                    .withFields(Json.object().set("CancellationReasons", reasons));
        }
        for (int i = 0; i < planned.size(); i++) {
            Planned p = planned.get(i);
            ObjectNode written = switch (p.kind()) {
                case "Put" -> p.item();
                case "Update" -> results.get(i);
                default -> null;
            };
            switch (p.kind()) {
                case "Put", "Update" -> p.table().put(p.storageKey(), written, ddb.tableKey(state, p.table()));
                case "Delete" -> p.table().delete(p.storageKey());
                default -> { }
            }
            if (p.kind().equals("ConditionCheck")) {
                capacity.check(p.table(), olds.get(i));
            } else {
                capacity.write(p.table(), olds.get(i), written, true);
                metrics.written(ddb, state, p.table(), p.keyNode());
            }
        }
        ObjectNode out = Json.object();
        capacity.addListTo(out);
        metrics.addMapTo(out);
        return out;
    }

    ObjectNode transactGet(DynamoDbService.State state, JsonRequest r) {
        List<JsonRequest> actions = actions(r);
        Set<String> seen = new HashSet<>();
        List<JsonRequest> gets = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            JsonRequest get = actions.get(i).nested("Get");
            if (get == null) {
                throw AwsException.validation("1 validation error detected: Value null at 'transactItems." + (i + 1)
                        + ".member.get' failed to satisfy constraint: Member must not be null");
            }
            Table t = ddb.activeTable(state, TableOperations.tableName(get));
            if (!seen.add(t.name + "\u0000" + t.storageKey(ItemRequests.key(t, get.object("Key"))))) {
                throw AwsException.validation("Transaction request cannot include multiple operations on one item");
            }
            gets.add(get);
        }
        ConsumedCapacity capacity = ConsumedCapacity.of(r);
        ArrayNode responses = Json.array();
        long bytes = 0;
        for (JsonRequest get : gets) {
            ObjectNode response = ItemOperations.read(ddb, state, get);
            JsonNode item = response.get("Item");
            capacity.get(ddb.table(state, TableOperations.tableName(get)), (ObjectNode) item, true, true);
            bytes += item == null ? 0 : Values.itemSize((ObjectNode) item);
            responses.add(response);
        }
        if (bytes > MAX_TRANSACTION_BYTES) {
            throw AwsException.validation("Transaction request size has exceeded the maximum allowed size of 4 MB");
        }
        ObjectNode out = Json.object().set("Responses", responses);
        capacity.addListTo(out);
        return out;
    }

    /** TransactItems: present, 1 to 100 members, each a structure. */
    private static List<JsonRequest> actions(JsonRequest r) {
        if (!r.has("TransactItems")) {
            throw JsonRequest.missing("TransactItems");
        }
        List<JsonRequest> actions = r.objectList("TransactItems");
        if (actions.isEmpty() || actions.size() > 100) {
            throw AwsException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length "
                    + (actions.isEmpty() ? "greater than or equal to 1" : "less than or equal to 100"));
        }
        return actions;
    }

    /** The one member of {@code kinds} that the action sets (a JSON null counts as not set). */
    private static String onlyMember(JsonRequest action, Set<String> kinds, String message) {
        String found = null;
        for (String kind : kinds) {
            if (action.has(kind)) {
                if (found != null) {
                    throw AwsException.validation(message);
                }
                found = kind;
            }
        }
        if (found == null) {
            throw AwsException.validation(message);
        }
        return found;
    }
}
