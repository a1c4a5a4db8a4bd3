package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB attribute values in their JSON form ({@code {"S": "x"}}, {@code {"N": "1.5"}}, {@code {"M": {...}}}, ...):
 * validation, comparison and sizes with DynamoDB's rules (numbers by value with 38 digits of precision, strings and
 * binaries by their bytes, sets unordered).
 */
final class Values {
    static final Set<String> TYPES = Set.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");

    private Values() {
    }

    static String type(JsonNode av) {
        return av.fieldNames().next();
    }

    static JsonNode payload(JsonNode av) {
        return av.elements().next();
    }

    static ObjectNode s(String value) {
        return Json.object().put("S", value);
    }

    static ObjectNode n(BigDecimal value) {
        return Json.object().put("N", format(value));
    }

    static String format(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }

    /**
     * Checks one attribute value (recursively) and throws DynamoDB's ValidationException when it is malformed. Numbers
     * are normalised in place, as DynamoDB stores them ("leading and trailing zeroes are trimmed": Developer Guide, data
     * types), so {@code 0010.500} is returned as {@code 10.5}.
     */
    static void validate(JsonNode av, String where) {
        validate(av, where, 1);
    }

    /** The nesting limit of attribute values: 32 levels, the top-level value being level 1 (docs/dynamodb-transactions-and-limits.md). */
    static final int MAX_NESTING = 32;

    private static void validate(JsonNode av, String where, int level) {
        if (level > MAX_NESTING) {
            throw invalid("Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit");
        }
        if (av == null || !av.isObject() || av.size() != 1) {
            throw invalid("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
                    + " (" + where + ")");
        }
        String type = type(av);
        JsonNode v = payload(av);
        switch (type) {
            case "S" -> requireText(v, where);
            case "N" -> ((ObjectNode) av).put("N", format(number(requireText(v, where))));
            case "B" -> bytes(requireText(v, where));
            case "BOOL" -> {
                if (!v.isBoolean()) {
                    throw AwsException.serialization("BOOL must be a boolean (" + where + ")");
                }
            }
            case "NULL" -> {
                if (!v.isBoolean() || !v.booleanValue()) {
                    throw invalid("Null attribute value types must have the value of true");
                }
            }
            case "M" -> {
                if (!v.isObject()) {
                    throw AwsException.serialization("M must be a map (" + where + ")");
                }
                v.fields().forEachRemaining(e -> validate(e.getValue(), where + "." + e.getKey(), level + 1));
            }
            case "L" -> {
                if (!v.isArray()) {
                    throw AwsException.serialization("L must be a list (" + where + ")");
                }
                v.forEach(e -> validate(e, where + "[]", level + 1));
            }
            case "SS", "NS", "BS" -> {
                if (!v.isArray()) {
                    throw AwsException.serialization(type + " must be a list (" + where + ")");
                }
                if (v.isEmpty()) {
                    throw invalid("One or more parameter values were invalid: An string set  may not be empty");
                }
                Set<Object> seen = new HashSet<>();
                for (int i = 0; i < v.size(); i++) {
                    JsonNode e = v.get(i);
                    String text = requireText(e, where);
                    if (type.equals("NS")) {
                        ((ArrayNode) v).set(i, Json.text(format(number(text))));
                    }
                    Object k = type.equals("NS") ? number(text).stripTrailingZeros() : text;
                    if (!seen.add(k)) {
                        throw invalid("One or more parameter values were invalid: Input collection " + v + " contains duplicates.");
                    }
                }
            }
            default -> throw invalid("Supplied AttributeValue has an unsupported datatype " + type);
        }
    }

    private static String requireText(JsonNode v, String where) {
        if (!v.isTextual()) {
            throw AwsException.serialization("Attribute value must be a string (" + where + ")");
        }
        return v.textValue();
    }

    /** The most significant digits a DynamoDB number may have. */
    static final int MAX_DIGITS = 38;
    /** Exponent range of the leading digit: 1E-130 .. 9.99...E+125 (Developer Guide, data types: Number). */
    static final int MAX_EXPONENT = 125;
    static final int MIN_EXPONENT = -130;

    /**
     * Parses a DynamoDB number in time linear in its length, without ever building a number larger than 38 digits
     * (docs/dynamodb-storage.md, "Numbers"): leading and trailing zeros are trimmed, then more than 38 significant
     * digits, a magnitude above 9.9999999999999999999999999999999999999E+125 or below 1E-130 is refused with
     * DynamoDB's ValidationException. Other code (ADD, {@code SET a = a + :v}) checks its results with
     * {@link #checkNumber(BigDecimal)}.
     */
    static BigDecimal number(String text) {
        String s = text.trim();
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int intStart = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        int intEnd = i;
        int fracStart = i;
        int fracEnd = i;
        if (i < n && s.charAt(i) == '.') {
            i++;
            fracStart = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            fracEnd = i;
        }
        int intLength = intEnd - intStart;
        int digits = intLength + fracEnd - fracStart;
        if (digits == 0) {
            throw notANumber();
        }
        long exponent = 0;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                negativeExponent = s.charAt(i) == '-';
                i++;
            }
            int expStart = i;
            while (i < n && isDigit(s.charAt(i))) {
                if (exponent < 1_000_000_000_000L) { // saturates: anything larger is out of range anyway
                    exponent = exponent * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            if (i == expStart) {
                throw notANumber();
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (i != n) {
            throw notANumber();
        }
        int first = -1;
        int last = -1;
        for (int k = 0; k < digits; k++) {
            char c = k < intLength ? s.charAt(intStart + k) : s.charAt(fracStart + k - intLength);
            if (c != '0') {
                if (first < 0) {
                    first = k;
                }
                last = k;
            }
        }
        if (first < 0) {
            return BigDecimal.ZERO;
        }
        int significant = last - first + 1;
        if (significant > MAX_DIGITS) {
            throw invalid("Attempting to store more than 38 significant digits in a Number");
        }
        long leading = intLength - 1L - first + exponent; // the power of ten of the leading digit
        checkMagnitude(leading);
        StringBuilder unscaled = new StringBuilder(significant + 1);
        if (negative) {
            unscaled.append('-');
        }
        for (int k = first; k <= last; k++) {
            unscaled.append(k < intLength ? s.charAt(intStart + k) : s.charAt(fracStart + k - intLength));
        }
        return new BigDecimal(new java.math.BigInteger(unscaled.toString()), (int) (significant - 1 - leading));
    }

    /**
     * Checks a computed number (ADD, {@code SET a = a + :v}) against DynamoDB's limits: a magnitude within 1E-130 ..
     * 9.9999999999999999999999999999999999999E+125, then at most 38 significant digits; returns it with trailing zeros
     * stripped, or throws DynamoDB's ValidationException. Call it on every arithmetic result before storing it.
     */
    static BigDecimal checkNumber(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        // the range first: 9.99..9E+125 + 1E+125 (39 digits) is "Number overflow" on DynamoDB (quoted in ExtendDB/extenddb#94)
        checkMagnitude((long) stripped.precision() - stripped.scale() - 1);
        if (stripped.precision() > MAX_DIGITS) {
            throw invalid("Attempting to store more than 38 significant digits in a Number");
        }
        return stripped;
    }

    private static void checkMagnitude(long leadingExponent) {
        if (leadingExponent > MAX_EXPONENT) {
            throw invalid("Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (leadingExponent < MIN_EXPONENT) {
            throw invalid("Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static AwsException notANumber() {
        return invalid("A value provided cannot be converted into a number");
    }

    static byte[] bytes(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw AwsException.serialization("Base64 encoded binary value is not valid");
        }
    }

    /** DynamoDB equality: same type and value; numbers by value, sets ignoring order. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        String ta = type(a);
        if (!ta.equals(type(b))) {
            return false;
        }
        JsonNode va = payload(a);
        JsonNode vb = payload(b);
        switch (ta) {
            case "N":
                return number(va.textValue()).compareTo(number(vb.textValue())) == 0;
            case "SS":
            case "BS":
                return textSet(va).equals(textSet(vb));
            case "NS": {
                Set<BigDecimal> x = new HashSet<>();
                va.forEach(e -> x.add(number(e.textValue()).stripTrailingZeros()));
                Set<BigDecimal> y = new HashSet<>();
                vb.forEach(e -> y.add(number(e.textValue()).stripTrailingZeros()));
                return x.equals(y);
            }
            case "M": {
                if (va.size() != vb.size()) {
                    return false;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = va.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!equal(e.getValue(), vb.get(e.getKey()))) {
                        return false;
                    }
                }
                return true;
            }
            case "L": {
                if (va.size() != vb.size()) {
                    return false;
                }
                for (int i = 0; i < va.size(); i++) {
                    if (!equal(va.get(i), vb.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            default:
                return va.equals(vb);
        }
    }

    private static Set<String> textSet(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(e -> out.add(e.textValue()));
        return out;
    }

    /** Whether two values can be ordered (<, <=, BETWEEN): both S, both N or both B. */
    static boolean comparable(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        String t = type(a);
        return t.equals(type(b)) && (t.equals("S") || t.equals("N") || t.equals("B"));
    }

    /** Orders two comparable values: numbers by value, strings and binaries by unsigned bytes. */
    static int compare(JsonNode a, JsonNode b) {
        String t = type(a);
        String x = payload(a).textValue();
        String y = payload(b).textValue();
        return switch (t) {
            case "N" -> number(x).compareTo(number(y));
            case "S" -> compareBytes(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8));
            default -> compareBytes(bytes(x), bytes(y));
        };
    }

    static int compareBytes(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(a[i] & 0xff, b[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    /** The approximate stored size DynamoDB bills: attribute names plus values. */
    static long itemSize(ObjectNode item) {
        long size = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length + valueSize(e.getValue());
        }
        return size;
    }

    static long valueSize(JsonNode av) {
        JsonNode v = payload(av);
        return switch (type(av)) {
            case "S" -> v.textValue().getBytes(StandardCharsets.UTF_8).length;
            case "N" -> (v.textValue().length() + 1) / 2 + 1;
            case "B" -> bytes(v.textValue()).length;
            case "BOOL", "NULL" -> 1;
            case "SS", "NS", "BS" -> {
                long total = 0;
                for (JsonNode e : v) {
                    total += e.textValue().length();
                }
                yield total;
            }
            case "M" -> 3 + itemSize((ObjectNode) v);
            case "L" -> {
                long total = 3;
                for (JsonNode e : v) {
                    total += 1 + valueSize(e);
                }
                yield total;
            }
            default -> 0;
        };
    }

    /** The byte length of a key attribute's value (S: UTF-8, B: raw, N: its text). */
    static int keyBytes(JsonNode av) {
        String t = type(av);
        String v = payload(av).textValue();
        return t.equals("B") ? bytes(v).length : v.getBytes(StandardCharsets.UTF_8).length;
    }

    static ArrayNode copyArray(JsonNode array) {
        return array.deepCopy();
    }

    static AwsException invalid(String message) {
        return AwsException.validation(message);
    }
}
