package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB expressions (condition, filter, key condition, update, projection): the entry points, the evaluated forms
 * and the {@code #name} / {@code :value} placeholders of one request, so it can report placeholders that were given but
 * never used, as DynamoDB does. {@link ExpressionParser} parses; {@link ExpressionFunctions} evaluates operators and
 * functions.
 */
final class Expressions {
    private final Map<String, String> names;
    private final Map<String, JsonNode> values;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    Expressions(Map<String, String> names, Map<String, JsonNode> values) {
        this.names = names;
        this.values = values;
        values.forEach((k, v) -> Values.validate(v, "ExpressionAttributeValues " + k));
    }

    // ---- AST ----

    /** A value-producing operand: a path, a placeholder value or a function; null when the path is missing. */
    interface Operand {
        JsonNode eval(ObjectNode item);
    }

    /** A condition over an item. */
    interface Condition {
        boolean test(ObjectNode item);
    }

    record PathOperand(DocumentPath path) implements Operand {
        @Override
        public JsonNode eval(ObjectNode item) {
            return path.get(item);
        }
    }

    record ValueOperand(JsonNode value) implements Operand {
        @Override
        public JsonNode eval(ObjectNode item) {
            return value;
        }
    }

    /** An update action: SET, REMOVE, ADD or DELETE on a path. */
    record UpdateAction(String kind, DocumentPath path, Operand value) {
    }

    // ---- entry points ----

    Condition condition(String expression, String what) {
        ExpressionParser p = new ExpressionParser(this, expression, what);
        Condition c = p.orCondition();
        p.expectEnd();
        return c;
    }

    /**
     * One part of a key condition: an attribute, the condition on it, and its operator ({@code =}, {@code <}, ...,
     * {@code BETWEEN}, {@code begins_with}) with the values it compares the key with, in order (for index bounds).
     */
    record KeyPart(String attribute, String operator, Condition condition, List<JsonNode> operands) {
    }

    /** A KeyConditionExpression: parts joined by AND, each on one key attribute (=, <, <=, >, >=, BETWEEN, begins_with). */
    List<KeyPart> keyCondition(String expression) {
        ExpressionParser p = new ExpressionParser(this, expression, "KeyConditionExpression");
        List<KeyPart> parts = new ArrayList<>();
        parts.add(p.keyPart());
        while (p.peekKeyword("AND")) {
            p.pos++;
            parts.add(p.keyPart());
        }
        p.expectEnd();
        return parts;
    }

    List<UpdateAction> update(String expression) {
        ExpressionParser p = new ExpressionParser(this, expression, "UpdateExpression");
        List<UpdateAction> actions = p.updateActions();
        p.expectEnd();
        noOverlap(actions.stream().map(UpdateAction::path).toList(), "UpdateExpression");
        return actions;
    }

    /**
     * DynamoDB refuses two paths of one update or projection where one is a prefix of the other (equal paths included),
     * naming them as lists of elements: {@code path one: [a], path two: [a, b]} (docs/dynamodb-transactions-and-limits.md,
     * "Projections").
     */
    private static void noOverlap(List<DocumentPath> paths, String what) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                if (paths.get(i).overlaps(paths.get(j))) {
                    throw invalid(what, "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: "
                            + elements(paths.get(i)) + ", path two: " + elements(paths.get(j)));
                }
            }
        }
    }

    private static String elements(DocumentPath path) {
        return path.elements().stream().map(e -> e instanceof Integer ? "[" + e + "]" : (String) e)
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    List<DocumentPath> projection(String expression) {
        ExpressionParser p = new ExpressionParser(this, expression, "ProjectionExpression");
        List<DocumentPath> paths = new ArrayList<>();
        paths.add(p.path());
        while (p.accept(",")) {
            paths.add(p.path());
        }
        p.expectEnd();
        noOverlap(paths, "ProjectionExpression");
        return paths;
    }

    /** DynamoDB rejects requests whose placeholders were given but not used. */
    void checkAllUsed() {
        Set<String> unusedNames = new HashSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw AwsException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: " + unusedNames);
        }
        Set<String> unusedValues = new HashSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw AwsException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: " + unusedValues);
        }
    }

    static AwsException invalid(String what, String message) {
        return AwsException.validation("Invalid " + what + ": " + message);
    }

    /** The attribute name behind {@code #placeholder}, marked used. */
    String name(String placeholder, String what) {
        String resolved = names.get(placeholder);
        if (resolved == null) {
            throw invalid(what, "An expression attribute name used in the document path is not defined; attribute name: " + placeholder);
        }
        usedNames.add(placeholder);
        return resolved;
    }

    /** The value behind {@code :placeholder}, marked used. */
    JsonNode value(String placeholder, String what) {
        JsonNode v = values.get(placeholder);
        if (v == null) {
            throw invalid(what, "An expression attribute value used in expression is not defined; attribute value: " + placeholder);
        }
        usedValues.add(placeholder);
        return v;
    }
}
