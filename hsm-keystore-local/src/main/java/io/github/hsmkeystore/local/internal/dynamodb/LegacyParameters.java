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

/**
 * The rules for DynamoDB's legacy parameters that are not conditions: not mixing them with expression parameters,
 * placeholders only with expressions, {@code AttributesToGet} and {@code AttributeUpdates} (turned into the update
 * actions of the expression path). docs/dynamodb-legacy-parameters.md has the rules and their sources.
 */
final class LegacyParameters {
    private LegacyParameters() {
    }

    /**
     * The mixing rules of one request: no legacy parameter together with an expression parameter (KeyConditions is
     * allowed with the other expressions of a Query as long as KeyConditionExpression is absent);
     * ExpressionAttributeNames only with an expression; ExpressionAttributeValues only with an expression that can use
     * values (every one of {@code expressions} but ProjectionExpression).
     *
     * @param expressions the operation's expression parameters, in DynamoDB's order
     * @param legacy the operation's legacy parameters, in DynamoDB's order
     */
    static void checkMixing(JsonRequest r, List<String> expressions, List<String> legacy) {
        List<String> usedExpressions = expressions.stream().filter(r::has).toList();
        if (!usedExpressions.isEmpty()) {
            boolean keyConditionsAllowed = r.has("KeyConditions") && !r.has("KeyConditionExpression");
            List<String> usedLegacy = legacy.stream().filter(r::has)
                    .filter(p -> !(p.equals("KeyConditions") && keyConditionsAllowed)).toList();
            if (!usedLegacy.isEmpty()) {
                throw AwsException.validation("Can not use both expression and non-expression parameters in the same request: "
                        + "Non-expression parameters: {" + String.join(", ", usedLegacy) + "} "
                        + "Expression parameters: {" + String.join(", ", usedExpressions) + "}");
            }
        }
        if (r.has("ExpressionAttributeNames") && usedExpressions.isEmpty()) {
            throw AwsException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        List<String> valueExpressions = expressions.stream().filter(e -> !e.equals("ProjectionExpression")).toList();
        if (r.has("ExpressionAttributeValues") && !valueExpressions.isEmpty() && valueExpressions.stream().noneMatch(r::has)) {
            throw AwsException.validation("ExpressionAttributeValues can only be specified when using expressions: "
                    + String.join(" and ", valueExpressions) + (valueExpressions.size() > 1 ? " are" : " is") + " null");
        }
    }

    /** {@code AttributesToGet} as projection paths (null when absent), refusing duplicates. */
    static List<DocumentPath> attributesToGet(JsonRequest r) {
        if (!r.has("AttributesToGet")) {
            return null;
        }
        List<String> names = r.stringList("AttributesToGet");
        if (names.isEmpty()) {
            throw AwsException.validation("1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw LegacyConditions.invalid("Duplicate value in attribute name: " + name);
            }
        }
        return names.stream().map(a -> new DocumentPath(List.of(a))).toList();
    }

    /**
     * {@code AttributeUpdates} as update actions: PUT (the default) sets the value; DELETE without a value removes the
     * attribute, with a set removes those members; ADD adds a number, unites sets or appends to a list. Each action is
     * a {@code REPLACE} of one top-level attribute whose new value (null: removed) is computed from the current one.
     */
    static List<Expressions.UpdateAction> attributeUpdates(JsonRequest r) {
        ObjectNode updates = r.object("AttributeUpdates");
        if (updates == null) {
            return null;
        }
        List<Expressions.UpdateAction> actions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = updates.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                throw AwsException.serialization("Member 'AttributeUpdates." + e.getKey() + "' must be a structure");
            }
            JsonRequest u = new JsonRequest((ObjectNode) e.getValue());
            String action = u.string("Action");
            if (action != null && !Set.of("ADD", "PUT", "DELETE").contains(action)) {
                throw AwsException.validation("1 validation error detected: Value '" + action + "' at 'attributeUpdates." + e.getKey()
                        + ".member.action' failed to satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]");
            }
            action = action == null ? "PUT" : action;
            ObjectNode value = u.object("Value");
            if (value != null) {
                Values.validate(value, "AttributeUpdates " + e.getKey());
            }
            DocumentPath path = new DocumentPath(List.of(e.getKey()));
            actions.add(new Expressions.UpdateAction("REPLACE", path, operand(e.getKey(), action, value)));
        }
        return actions;
    }

    private static Expressions.Operand operand(String name, String action, ObjectNode value) {
        if (value == null && !action.equals("DELETE")) {
            throw LegacyConditions.invalid("Only DELETE action is allowed when no attribute value is specified");
        }
        String type = value == null ? null : Values.type(value);
        if (action.equals("DELETE") && value != null && !Set.of("SS", "NS", "BS").contains(type)) {
            throw LegacyConditions.invalid("DELETE action with value is not supported for the type " + type);
        }
        if (action.equals("ADD") && !Set.of("N", "SS", "NS", "BS", "L").contains(type)) {
            throw LegacyConditions.invalid("ADD action is not supported for the type " + type);
        }
        return switch (action) {
            case "PUT" -> item -> value;
            case "DELETE" -> value == null ? item -> null : item -> {
                JsonNode existing = item.get(name);
                if (existing == null) {
                    return null;
                }
                requireType(existing, type);
                return ItemUpdates.setDifference(existing, value);
            };
            default -> item -> {
                JsonNode existing = item.get(name);
                if (existing == null) {
                    return value;
                }
                requireType(existing, type);
                return switch (type) {
                    case "N" -> {
                        java.math.BigDecimal sum = Values.number(Values.payload(existing).textValue())
                                .add(Values.number(Values.payload(value).textValue()));
                        yield Values.n(Values.number(Values.format(sum))); // a sum past 38 digits or the range is refused
                    }
                    case "L" -> {
                        ObjectNode out = Json.object();
                        ArrayNode list = out.putArray("L");
                        Values.payload(existing).forEach(x -> list.add(x.deepCopy()));
                        Values.payload(value).forEach(x -> list.add(x.deepCopy()));
                        yield out;
                    }
                    default -> ItemUpdates.setUnion(existing, value);
                };
            };
        };
    }

    private static void requireType(JsonNode existing, String type) {
        if (!Values.type(existing).equals(type)) {
            throw AwsException.validation("Type mismatch for attribute to update");
        }
    }
}
