package io.github.hsmkeystore.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One operation's input, with typed accessors that fail as AWS does: a member of the wrong JSON type
 * is a {@code SerializationException}; a missing required member or a constraint violation is a
 * {@code ValidationException} with AWS's "1 validation error detected: ..." wording. Member names in
 * messages use AWS's lower-camel form ({@code keyId} for {@code KeyId}).
 */
public final class JsonRequest {
    private final ObjectNode body;

    public JsonRequest(ObjectNode body) {
        this.body = body;
    }

    public ObjectNode body() {
        return body;
    }

    public boolean has(String name) {
        JsonNode n = body.get(name);
        return n != null && !n.isNull();
    }

    /** A string member, or null when absent. */
    public String string(String name) {
        JsonNode n = present(name);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw wrongType(name, "a string", n);
        }
        return n.textValue();
    }

    public String requiredString(String name) {
        String s = string(name);
        if (s == null) {
            throw missing(name);
        }
        return s;
    }

    /** A string member whose length must lie in [min, max]; null when absent. */
    public String string(String name, int min, int max) {
        String s = string(name);
        if (s != null) {
            checkLength(name, s, min, max);
        }
        return s;
    }

    public String requiredString(String name, int min, int max) {
        String s = requiredString(name);
        checkLength(name, s, min, max);
        return s;
    }

    public Integer integer(String name) {
        JsonNode n = present(name);
        if (n == null) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw wrongType(name, "an integer", n);
        }
        return n.intValue();
    }

    /** An integer member that must lie in [min, max]; null when absent. */
    public Integer integer(String name, int min, int max) {
        Integer v = integer(name);
        if (v != null && (v < min || v > max)) {
            String constraint = v < min
                    ? "Member must have value greater than or equal to " + min
                    : "Member must have value less than or equal to " + max;
            throw AwsException.validation("1 validation error detected: Value '" + v + "' at '" + camel(name)
                    + "' failed to satisfy constraint: " + constraint);
        }
        return v;
    }

    public Long longValue(String name) {
        JsonNode n = present(name);
        if (n == null) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw wrongType(name, "an integer", n);
        }
        return n.longValue();
    }

    public Boolean bool(String name) {
        JsonNode n = present(name);
        if (n == null) {
            return null;
        }
        if (!n.isBoolean()) {
            throw wrongType(name, "a boolean", n);
        }
        return n.booleanValue();
    }

    public boolean bool(String name, boolean defaultValue) {
        Boolean b = bool(name);
        return b == null ? defaultValue : b;
    }

    /** A base64 blob member, decoded; null when absent. */
    public byte[] blob(String name) {
        String s = string(name);
        if (s == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw AwsException.serialization("Value for '" + name + "' is not valid base64");
        }
    }

    /** A blob whose decoded size must lie in [min, max] bytes; null when absent. */
    public byte[] blob(String name, int min, int max) {
        byte[] b = blob(name);
        if (b != null && (b.length < min || b.length > max)) {
            String constraint = b.length < min
                    ? "Member must have length greater than or equal to " + min
                    : "Member must have length less than or equal to " + max;
            throw AwsException.validation("1 validation error detected: Value at '" + camel(name)
                    + "' failed to satisfy constraint: " + constraint);
        }
        return b;
    }

    public ObjectNode object(String name) {
        JsonNode n = present(name);
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            throw wrongType(name, "a structure or map", n);
        }
        return (ObjectNode) n;
    }

    public JsonRequest nested(String name) {
        ObjectNode o = object(name);
        return o == null ? null : new JsonRequest(o);
    }

    public ArrayNode array(String name) {
        JsonNode n = present(name);
        if (n == null) {
            return null;
        }
        if (!n.isArray()) {
            throw wrongType(name, "a list", n);
        }
        return (ArrayNode) n;
    }

    /** A list of strings; empty when absent. */
    public List<String> stringList(String name) {
        ArrayNode a = array(name);
        if (a == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(a.size());
        for (JsonNode e : a) {
            if (!e.isTextual()) {
                throw wrongType(name + " member", "a string", e);
            }
            out.add(e.textValue());
        }
        return Collections.unmodifiableList(out);
    }

    /** A list of structures; empty when absent. */
    public List<JsonRequest> objectList(String name) {
        ArrayNode a = array(name);
        if (a == null) {
            return List.of();
        }
        List<JsonRequest> out = new ArrayList<>(a.size());
        for (JsonNode e : a) {
            if (!e.isObject()) {
                throw wrongType(name + " member", "a structure", e);
            }
            out.add(new JsonRequest((ObjectNode) e));
        }
        return Collections.unmodifiableList(out);
    }

    /** A map of string to string (e.g. an encryption context), in input order; empty when absent. */
    public Map<String, String> stringMap(String name) {
        ObjectNode o = object(name);
        if (o == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw wrongType(name + "." + e.getKey(), "a string", e.getValue());
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return Collections.unmodifiableMap(out);
    }

    /** {@code ValidationException} for a required member that is absent. */
    public static AwsException missing(String name) {
        return AwsException.validation("1 validation error detected: Value null at '" + camel(name)
                + "' failed to satisfy constraint: Member must not be null");
    }

    public static void checkLength(String name, String value, int min, int max) {
        if (value.length() < min) {
            throw AwsException.validation("1 validation error detected: Value '" + value + "' at '" + camel(name)
                    + "' failed to satisfy constraint: Member must have length greater than or equal to " + min);
        }
        if (value.length() > max) {
            throw AwsException.validation("1 validation error detected: Value at '" + camel(name)
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
    }

    /** AWS's lower-camel member name in validation messages: {@code KeyId} becomes {@code keyId}. */
    public static String camel(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private JsonNode present(String name) {
        JsonNode n = body.get(name);
        return n == null || n.isNull() ? null : n;
    }

    private static AwsException wrongType(String name, String expected, JsonNode actual) {
        return AwsException.serialization("Member '" + name + "' must be " + expected + " but was "
                + actual.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
}
