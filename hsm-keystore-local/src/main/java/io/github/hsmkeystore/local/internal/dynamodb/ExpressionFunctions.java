package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.Json;

/**
 * The operators and functions of DynamoDB expressions, evaluated on attribute values (null: the item has no such
 * attribute): comparisons, {@code begins_with}, {@code contains}, {@code size}, and the update expression's {@code +},
 * {@code -} and {@code list_append}. {@code what} names the expression kind for error messages.
 */
final class ExpressionFunctions {
    private ExpressionFunctions() {
    }

    static JsonNode arithmetic(JsonNode a, JsonNode b, boolean plus, String what) {
        if (a == null || b == null) {
            throw Expressions.invalid(what, "The provided expression refers to an attribute that does not exist in the item");
        }
        if (!Values.type(a).equals("N") || !Values.type(b).equals("N")) {
            throw Expressions.invalid(what, "Incorrect operand type for operator or function; operator or function: " + (plus ? "+" : "-")
                    + ", operand type: " + (Values.type(a).equals("N") ? Values.type(b) : Values.type(a)));
        }
        var x = Values.number(Values.payload(a).textValue());
        var y = Values.number(Values.payload(b).textValue());
        return checkedNumber(plus ? x.add(y) : x.subtract(y));
    }

    /**
     * The N value of a computed number ({@code SET a = a + :v}, {@code ADD}), refused with DynamoDB's ValidationException
     * when it is out of DynamoDB's range (38 significant digits, magnitude 1E-130 to 1E+126) as every stored number is.
     */
    static JsonNode checkedNumber(java.math.BigDecimal value) {
        return Values.n(Values.number(Values.format(value)));
    }

    static JsonNode listAppend(JsonNode a, JsonNode b, String what) {
        if (a == null || b == null) {
            throw Expressions.invalid(what, "The provided expression refers to an attribute that does not exist in the item");
        }
        if (!Values.type(a).equals("L") || !Values.type(b).equals("L")) {
            throw Expressions.invalid(what, "Incorrect operand type for operator or function; operator or function: list_append, operand type: "
                    + (Values.type(a).equals("L") ? Values.type(b) : Values.type(a)));
        }
        ObjectNode out = Json.object();
        var list = out.putArray("L");
        Values.payload(a).forEach(e -> list.add(e.deepCopy()));
        Values.payload(b).forEach(e -> list.add(e.deepCopy()));
        return out;
    }

    static boolean compare(String op, JsonNode a, JsonNode b) {
        if (op.equals("=")) {
            return a != null && b != null && Values.equal(a, b);
        }
        if (op.equals("<>")) {
            // the negation of "=": an attribute the item does not have is not equal to any value (as on DynamoDB)
            return a == null || b == null || !Values.equal(a, b);
        }
        if (!Values.comparable(a, b)) {
            return false;
        }
        int c = Values.compare(a, b);
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    static boolean beginsWith(JsonNode a, JsonNode prefix) {
        if (a == null || prefix == null) {
            return false;
        }
        String t = Values.type(a);
        if (!t.equals(Values.type(prefix)) || !(t.equals("S") || t.equals("B"))) {
            return false;
        }
        if (t.equals("S")) {
            return Values.payload(a).textValue().startsWith(Values.payload(prefix).textValue());
        }
        byte[] x = Values.bytes(Values.payload(a).textValue());
        byte[] p = Values.bytes(Values.payload(prefix).textValue());
        return x.length >= p.length && java.util.Arrays.equals(java.util.Arrays.copyOf(x, p.length), p);
    }

    static boolean contains(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        String t = Values.type(a);
        JsonNode v = Values.payload(a);
        switch (t) {
            case "S":
                return Values.type(b).equals("S") && v.textValue().contains(Values.payload(b).textValue());
            case "SS":
            case "BS":
                return Values.type(b).equals(t.substring(0, 1)) && containsText(v, Values.payload(b).textValue());
            case "NS":
                if (!Values.type(b).equals("N")) {
                    return false;
                }
                for (JsonNode e : v) {
                    if (Values.number(e.textValue()).compareTo(Values.number(Values.payload(b).textValue())) == 0) {
                        return true;
                    }
                }
                return false;
            case "L":
                for (JsonNode e : v) {
                    if (Values.equal(e, b)) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }

    private static boolean containsText(JsonNode array, String value) {
        for (JsonNode e : array) {
            if (e.textValue().equals(value)) {
                return true;
            }
        }
        return false;
    }

    static JsonNode size(JsonNode v, String what) {
        if (v == null) {
            return null;
        }
        JsonNode p = Values.payload(v);
        long n = switch (Values.type(v)) {
            case "S" -> p.textValue().length();
            case "B" -> Values.bytes(p.textValue()).length;
            case "SS", "NS", "BS", "L", "M" -> p.size();
            default -> throw Expressions.invalid(what, "Incorrect operand type for operator or function; operator or function: size, operand type: "
                    + Values.type(v));
        };
        return Values.n(java.math.BigDecimal.valueOf(n));
    }
}
