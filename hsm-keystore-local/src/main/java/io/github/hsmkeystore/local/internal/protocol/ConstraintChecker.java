package io.github.hsmkeystore.local.internal.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The second check of a request, on a body whose types are right: every constraint of the model (required members,
 * lengths and sizes, ranges, patterns, enums), all violations reported at once as a {@code ValidationException}
 * "N validation errors detected: Value 'x' at 'a.1.member.b' failed to satisfy constraint: ..." (at most 10, as the
 * services do; docs/dynamodb-validation.md, "Constraint errors").
 */
final class ConstraintChecker {
    static final int MAX_REPORTED = 10;

    private final BiFunction<Shape, JsonNode, Shape> substitute;
    private final ValueRenderer renderer;
    private final boolean walkAll;
    private final List<String> errors = new ArrayList<>();

    private ConstraintChecker(BiFunction<Shape, JsonNode, Shape> substitute, ValueRenderer renderer, boolean walkAll) {
        this.substitute = substitute;
        this.renderer = renderer;
        this.walkAll = walkAll;
    }

    /**
     * Checks a type-checked body.
     *
     * @param substitute the shape whose constraints apply to a value (a service may refine the model, e.g. a table
     *                   name that is not an ARN); returns its first argument when there is nothing to refine
     * @param walkAll whether to visit shapes without constraints too (the body holds {@code null} list elements or map values)
     */
    static void check(Shape input, ObjectNode body, BiFunction<Shape, JsonNode, Shape> substitute, ValueRenderer renderer,
                      boolean walkAll) {
        ConstraintChecker checker = new ConstraintChecker(substitute, renderer, walkAll);
        checker.structure(input, body, "");
        if (!checker.errors.isEmpty()) {
            int n = checker.errors.size();
            throw AwsException.validation(n + " validation error" + (n == 1 ? "" : "s") + " detected: "
                    + String.join("; ", checker.errors));
        }
    }

    private boolean full() {
        return errors.size() >= MAX_REPORTED;
    }

    private void structure(Shape s, ObjectNode o, String path) {
        for (Map.Entry<String, Shape> m : s.members.entrySet()) {
            if (full()) {
                return;
            }
            JsonNode v = o.get(m.getKey());
            if (v == null) {
                if (s.required.contains(m.getKey())) {
                    errors.add("Value null at '" + path(path, s, m.getKey()) + "' failed to satisfy constraint: Member must not be null");
                }
            } else if (m.getValue().constrained || walkAll) {
                value(m.getValue(), v, path(path, s, m.getKey()));
            }
        }
    }

    private static String path(String parent, Shape s, String member) {
        String name = s.memberPathNames.get(member);
        return parent.isEmpty() ? name : parent + "." + name;
    }

    private void value(Shape declared, JsonNode v, String path) {
        if (!declared.constrained && !walkAll) {
            return;
        }
        Shape s = substitute.apply(declared, v);
        own(s, v, path);
        switch (s.type()) {
            case STRUCTURE -> structure(s, (ObjectNode) v, path);
            case LIST -> list(s, v, path);
            case MAP -> map(s, (ObjectNode) v, path);
            default -> {
            }
        }
    }

    private void list(Shape s, JsonNode a, String path) {
        boolean elementFails = false;
        boolean hasNull = false;
        for (JsonNode e : a) {
            hasNull |= e.isNull();
            elementFails |= e.isNull() || (s.member.isScalar() && !satisfies(substitute.apply(s.member, e), e));
        }
        if (elementFails && !full()) {
            errors.add(prefix(s, a, path) + "Member must satisfy constraint: " + phrases(s.member, hasNull));
        }
        if (!s.member.isScalar()) {
            for (int i = 0; i < a.size() && !full(); i++) {
                if (!a.get(i).isNull()) {
                    value(s.member, a.get(i), path + "." + (i + 1) + ".member");
                }
            }
        }
    }

    private void map(Shape s, ObjectNode o, String path) {
        boolean keyFails = false;
        boolean valueFails = false;
        boolean hasNull = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode key = com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey());
            keyFails |= s.key.hasOwnConstraints() && !satisfies(substitute.apply(s.key, key), key);
            hasNull |= e.getValue().isNull();
            valueFails |= e.getValue().isNull()
                    || (s.value.hasOwnConstraints() && !satisfies(substitute.apply(s.value, e.getValue()), e.getValue()));
        }
        if (keyFails && !full()) {
            errors.add(prefix(s, o, path) + "Map keys must satisfy constraint: " + phrases(s.key, false));
        }
        if (valueFails && !full()) {
            errors.add(prefix(s, o, path) + "Map value must satisfy constraint: " + phrases(s.value, hasNull));
        }
        if (!s.value.isScalar()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext() && !full(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull()) {
                    inner(s.value, e.getValue(), path + "." + e.getKey() + ".member");
                }
            }
        }
    }

    /** A list or map value's own constraints are reported at the map; only what lies below it is checked here. */
    private void inner(Shape s, JsonNode v, String path) {
        if (!s.constrained && !walkAll) {
            return;
        }
        switch (s.type()) {
            case STRUCTURE -> structure(s, (ObjectNode) v, path);
            case LIST -> list(s, v, path);
            case MAP -> map(s, (ObjectNode) v, path);
            default -> {
            }
        }
    }

    private static String phrases(Shape element, boolean hasNull) {
        List<String> p = new ArrayList<>();
        if (hasNull) {
            p.add("Member must not be null");
        }
        p.addAll(element.constraintPhrases());
        return p.toString();
    }

    /** The constraints of the value itself, in the order DynamoDB reports them: pattern, length or range, enum. */
    private void own(Shape s, JsonNode v, String path) {
        if (!s.hasOwnConstraints()) {
            return;
        }
        if (s.pattern != null && v.isTextual() && !s.pattern.matcher(v.textValue()).matches() && !full()) {
            errors.add(prefix(s, v, path) + "Member must satisfy regular expression pattern: " + s.patternText);
        }
        BigDecimal measure = measure(s, v);
        String unit = v.isNumber() ? "value" : "length";
        if (s.min != null && measure != null && measure.compareTo(s.min) < 0 && !full()) {
            errors.add(prefix(s, v, path) + "Member must have " + unit + " greater than or equal to " + s.min.toPlainString());
        }
        if (s.max != null && measure != null && measure.compareTo(s.max) > 0 && !full()) {
            errors.add(prefix(s, v, path) + "Member must have " + unit + " less than or equal to " + s.max.toPlainString());
        }
        if (!s.enumSet.isEmpty() && v.isTextual() && !s.enumSet.contains(v.textValue()) && !full()) {
            errors.add(prefix(s, v, path) + "Member must satisfy enum value set: " + s.enumValues);
        }
    }

    private static boolean satisfies(Shape s, JsonNode v) {
        if (v.isNull()) {
            return false;
        }
        if (s.pattern != null && v.isTextual() && !s.pattern.matcher(v.textValue()).matches()) {
            return false;
        }
        BigDecimal measure = measure(s, v);
        if (measure != null && ((s.min != null && measure.compareTo(s.min) < 0) || (s.max != null && measure.compareTo(s.max) > 0))) {
            return false;
        }
        return s.enumSet.isEmpty() || !v.isTextual() || s.enumSet.contains(v.textValue());
    }

    /** The length of a string, blob (decoded bytes), list or map, or the value of a number. */
    private static BigDecimal measure(Shape s, JsonNode v) {
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            String t = v.textValue();
            if (s.type() == Shape.Type.BLOB) {
                int padding = t.endsWith("==") ? 2 : t.endsWith("=") ? 1 : 0;
                return BigDecimal.valueOf(t.length() / 4L * 3 - padding);
            }
            return BigDecimal.valueOf(t.length());
        }
        if (v.isContainerNode()) {
            return BigDecimal.valueOf(v.size());
        }
        return null;
    }

    private String prefix(Shape s, JsonNode v, String path) {
        String value = s.sensitive ? "Value" : "Value '" + renderer.render(s, v) + "'";
        return value + " at '" + path + "' failed to satisfy constraint: ";
    }
}
