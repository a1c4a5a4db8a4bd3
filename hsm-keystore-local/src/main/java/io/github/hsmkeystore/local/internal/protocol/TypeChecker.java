package io.github.hsmkeystore.local.internal.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Map;

/**
 * The first check of a request: the whole body deserialised against the operation's input shape, as the AWS JSON
 * services do before any constraint is looked at. The first type mismatch is a {@code SerializationException} with the
 * service's own text (docs/dynamodb-validation.md, "Type errors"). Members set to {@code null} and members the model
 * does not know are dropped (the services ignore them); decimals given for integer members are truncated.
 */
final class TypeChecker {
    /** What DynamoDB answers for a scalar where a list or map nested in a list or map is expected (sic). */
    static final String CAST_MESSAGE = "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast"
            + " to class java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class"
            + " are in module java.base of loader 'bootstrap')";
    static final String START_OF_MAP = "Start of structure or map found where not expected";

    /** Whether the value is a member of a structure (a field) or an element of a list or map (a value). */
    private enum Position { FIELD, VALUE }

    private boolean nullInCollection;

    private TypeChecker() {
    }

    /**
     * Checks a request body in place.
     *
     * @return whether a list element or map value was {@code null} (the constraint check reports those)
     */
    static boolean check(Shape input, ObjectNode body) {
        TypeChecker checker = new TypeChecker();
        checker.structure(input, body);
        return checker.nullInCollection;
    }

    private JsonNode check(Shape s, JsonNode n, Position position) {
        return switch (s.type()) {
            case STRUCTURE -> {
                container(s, n, position, n.isObject());
                structure(s, (ObjectNode) n);
                yield n;
            }
            case LIST -> {
                container(s, n, position, n.isArray());
                list(s, (ArrayNode) n);
                yield n;
            }
            case MAP -> {
                container(s, n, position, n.isObject());
                map(s, (ObjectNode) n);
                yield n;
            }
            default -> scalar(s, n);
        };
    }

    private void structure(Shape s, ObjectNode o) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Shape member = s.members.get(e.getKey());
            if (member == null || e.getValue().isNull()) {
                it.remove();
                continue;
            }
            JsonNode checked = check(member, e.getValue(), Position.FIELD);
            if (checked != e.getValue()) {
                e.setValue(checked);
            }
        }
    }

    private void list(Shape s, ArrayNode a) {
        for (int i = 0; i < a.size(); i++) {
            JsonNode element = a.get(i);
            if (element.isNull()) {
                nullInCollection = true;
                continue;
            }
            JsonNode checked = check(s.member, element, Position.VALUE);
            if (checked != element) {
                a.set(i, checked);
            }
        }
    }

    private void map(Shape s, ObjectNode o) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                nullInCollection = true;
                continue;
            }
            JsonNode checked = check(s.value, e.getValue(), Position.VALUE);
            if (checked != e.getValue()) {
                e.setValue(checked);
            }
        }
    }

    /** The errors for a structure, list or map given something else. */
    private static void container(Shape s, JsonNode n, Position position, boolean rightKind) {
        if (rightKind) {
            return;
        }
        if (s.type() == Shape.Type.LIST) {
            if (n.isObject()) {
                throw serialization(START_OF_MAP);
            }
            throw serialization(position == Position.FIELD ? "Unexpected field type" : CAST_MESSAGE);
        }
        if (n.isArray()) {
            String type = s.type() == Shape.Type.MAP ? s.javaType() : "class " + s.javaType();
            throw serialization("Unrecognized collection type " + type);
        }
        if (s.type() == Shape.Type.MAP) {
            throw serialization(position == Position.FIELD ? "Unexpected field type" : CAST_MESSAGE);
        }
        throw serialization(position == Position.FIELD ? "Unexpected field type" : "Unexpected value type in payload");
    }

    private static JsonNode scalar(Shape s, JsonNode n) {
        if (n.isObject()) {
            throw serialization(START_OF_MAP);
        }
        if (n.isArray()) {
            throw serialization("Unrecognized collection type class " + s.javaType());
        }
        switch (s.type()) {
            case STRING -> {
                if (!n.isTextual()) {
                    throw cannotConvert(n, s);
                }
            }
            case BOOLEAN -> {
                if (n.isTextual()) {
                    throw serialization("Unexpected token received from parser");
                }
                if (!n.isBoolean()) {
                    throw cannotConvert(n, s);
                }
            }
            case INTEGER, LONG -> {
                if (!n.isNumber()) {
                    throw cannotConvert(n, s);
                }
                if (!n.isIntegralNumber()) {
                    BigDecimal truncated = n.decimalValue().setScale(0, RoundingMode.DOWN);
                    return JsonNodeFactory.instance.numberNode(truncated.toBigInteger());
                }
            }
            case DOUBLE, FLOAT, TIMESTAMP -> {
                if (!n.isNumber()) {
                    throw cannotConvert(n, s);
                }
            }
            case BLOB -> {
                if (!n.isTextual()) {
                    throw serialization("only base-64-encoded strings are convertible to bytes");
                }
                checkBase64(n.textValue());
            }
            default -> throw new IllegalStateException("not a scalar: " + s);
        }
        return n;
    }

    private static AwsException cannotConvert(JsonNode n, Shape s) {
        String token = n.isTextual() ? "STRING_VALUE"
                : n.isBoolean() ? (n.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE")
                : n.isIntegralNumber() ? "NUMBER_VALUE" : "DECIMAL_VALUE";
        return serialization(token + " cannot be converted to " + s.simpleJavaType());
    }

    /** DynamoDB's strict base64: padded to a multiple of 4, only the alphabet, canonical last character. */
    static void checkBase64(String s) {
        if (s.length() % 4 != 0) {
            throw serialization("Base64 encoded length is expected a multiple of 4 bytes but found: " + s.length());
        }
        int padding = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
        for (int i = 0; i < s.length() - padding; i++) {
            char c = s.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!alphabet) {
                throw serialization(c == '=' ? "Invalid last non-pad Base64 character dectected"
                        : "Invalid Base64 character: '" + c + "'");
            }
        }
        if (padding > 0) {
            char last = s.charAt(s.length() - padding - 1);
            int bits = last >= 'A' && last <= 'Z' ? last - 'A' : last >= 'a' && last <= 'z' ? last - 'a' + 26
                    : last >= '0' && last <= '9' ? last - '0' + 52 : last == '+' ? 62 : 63;
            int unused = padding == 2 ? 0x0F : 0x03;
            if ((bits & unused) != 0) {
                throw serialization("Invalid last non-pad Base64 character dectected");
            }
        }
    }

    private static AwsException serialization(String message) {
        return AwsException.serialization(message);
    }
}
