package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Applies the actions of an UpdateExpression (SET, REMOVE, ADD, DELETE) to an item. */
final class ItemUpdates {
    private ItemUpdates() {
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
    static ObjectNode applyUpdate(Table t, ObjectNode keyNode, ObjectNode old, List<Expressions.UpdateAction> actions) {
        ObjectNode current = old == null ? keyNode.deepCopy() : old.deepCopy();
        ObjectNode source = old == null ? keyNode : old; // operands read the item as it was before the update
        // every action addresses the item as it was: REMOVEs go last, list elements from the highest index down, so that
        // REMOVE l[0], l[2] removes the original first and third elements (paths never overlap, so order is free otherwise)
        List<Expressions.UpdateAction> ordered = new ArrayList<>(actions);
        ordered.sort(java.util.Comparator.comparingInt((Expressions.UpdateAction a) -> a.kind().equals("REMOVE") ? 1 : 0)
                .thenComparing((a, b) -> a.kind().equals("REMOVE") && b.kind().equals("REMOVE") ? -compareIndexes(a.path(), b.path()) : 0));
        checkKeysNotUpdated(t, actions);
        for (Expressions.UpdateAction a : ordered) {
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
                case "REPLACE" -> {
                    // a legacy AttributeUpdates action: the new value of a top-level attribute, or null to remove it
                    JsonNode value = a.value().eval(current);
                    if (value == null) {
                        a.path().remove(current);
                    } else {
                        a.path().set(current, value.deepCopy());
                    }
                }
                default -> deleteFromSet(current, a);
            }
        }
        ItemRequests.checkIndexKeyTypes(t, current);
        if (Values.itemSize(current) > ItemRequests.MAX_ITEM_BYTES) {
            // UpdateItem's wording (docs/dynamodb-transactions-and-limits.md, "Attribute values"); PutItem says "Item size has..."
            throw AwsException.validation("Item size to update has exceeded the maximum allowed size");
        }
        current.fields().forEachRemaining(e -> Values.validate(e.getValue(), e.getKey())); // nesting: SET a.b = :deep
        return current;
    }

    /**
     * Refuses an update of a key attribute (before the item is read: a schema check). DynamoDB: "Cannot update attribute
     * sk. This attribute is part of the key" (docs/dynamodb-legacy-parameters.md).
     */
    static void checkKeysNotUpdated(Table t, List<Expressions.UpdateAction> actions) {
        for (Expressions.UpdateAction a : actions) {
            String top = a.path().topName();
            if (top.equals(t.keys.hashKey()) || top.equals(t.keys.rangeKey())) {
                throw AwsException.validation("One or more parameter values were invalid: Cannot update attribute " + top
                        + ". This attribute is part of the key");
            }
        }
    }

    /**
     * Refuses, before the item is read, an update that writes a value of the wrong type to a top-level index key
     * attribute (SET to a placeholder value, AttributeUpdates PUT / ADD), with PutItem's message. Values computed from
     * the item are checked on the updated item ({@link ItemRequests#checkIndexKeyTypes}).
     */
    static void checkIndexKeyValues(Table t, List<Expressions.UpdateAction> actions) {
        ObjectNode written = Json.object();
        for (Expressions.UpdateAction a : actions) {
            if (a.path().elements().size() != 1) {
                continue;
            }
            JsonNode value = null;
            if (a.kind().equals("SET") && a.value() instanceof Expressions.ValueOperand v) {
                value = v.value();
            } else if (a.kind().equals("REPLACE")) {
                value = a.value().eval(Json.object()); // what the action writes to an item without the attribute
            }
            if (value != null) {
                written.set(a.path().topName(), value);
            }
        }
        ItemRequests.checkIndexKeyTypes(t, written);
    }

    /** The union of two sets of the same type (numbers compared by value), in the first set's order. */
    static JsonNode setUnion(JsonNode existing, JsonNode operand) {
        String type = Values.type(existing);
        ObjectNode union = existing.deepCopy();
        ArrayNode members = (ArrayNode) Values.payload(union);
        for (JsonNode m : Values.payload(operand)) {
            if (!containsMember(type, members, m)) {
                members.add(m);
            }
        }
        return union;
    }

    /** The members of {@code existing} not in {@code operand}; null when none is left (the attribute goes). */
    static JsonNode setDifference(JsonNode existing, JsonNode operand) {
        String type = Values.type(existing);
        ArrayNode kept = Json.array();
        for (JsonNode m : Values.payload(existing)) {
            if (!containsMember(type, (ArrayNode) Values.payload(operand), m)) {
                kept.add(m);
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        ObjectNode out = Json.object();
        out.set(type, kept);
        return out;
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
            result = ExpressionFunctions.checkedNumber(Values.number(Values.payload(existing).textValue())
                    .add(Values.number(Values.payload(operand).textValue())));
        } else {
            result = setUnion(existing, operand);
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
        JsonNode kept = setDifference(existing, operand);
        if (kept == null) {
            a.path().remove(item);
        } else {
            a.path().set(item, kept);
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
}
