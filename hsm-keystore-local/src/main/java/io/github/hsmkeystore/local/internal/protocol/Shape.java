package io.github.hsmkeystore.local.internal.protocol;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One shape of an AWS API model (botocore's {@code service-2.json}): its type, its members (structures), element
 * (lists), key and value (maps) and its constraints ({@code required}, {@code min}/{@code max}, {@code pattern},
 * {@code enum}). Immutable once the model is loaded.
 */
public final class Shape {
    /** The model's shape types. */
    public enum Type { STRUCTURE, LIST, MAP, STRING, BOOLEAN, INTEGER, LONG, DOUBLE, FLOAT, BLOB, TIMESTAMP }

    private final String name;
    private final Type type;
    private final String javaPackage;
    final Map<String, Shape> members = new LinkedHashMap<>();
    /** The members' names as messages write them (lower camel case), computed once. */
    final Map<String, String> memberPathNames = new java.util.HashMap<>();
    final Set<String> required = new LinkedHashSet<>();
    Shape member;
    Shape key;
    Shape value;
    BigDecimal min;
    BigDecimal max;
    Pattern pattern;
    String patternText;
    List<String> enumValues = List.of();
    Set<String> enumSet = Set.of();
    boolean sensitive;
    /** Whether this shape or a shape below it carries a constraint (computed once the model is linked). */
    boolean constrained;

    Shape(String name, Type type, String javaPackage) {
        this.name = name;
        this.type = type;
        this.javaPackage = javaPackage;
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    /** The members of a structure, in model order (empty for other types). */
    public Map<String, Shape> members() {
        return Collections.unmodifiableMap(members);
    }

    public Set<String> required() {
        return Collections.unmodifiableSet(required);
    }

    /** The element shape of a list; null for other types. */
    public Shape member() {
        return member;
    }

    public Shape key() {
        return key;
    }

    public Shape value() {
        return value;
    }

    public BigDecimal min() {
        return min;
    }

    public BigDecimal max() {
        return max;
    }

    public String pattern() {
        return patternText;
    }

    /** The enum values, sorted as DynamoDB lists them in messages ({@code [B, N, S]}). */
    public List<String> enumValues() {
        return enumValues;
    }

    boolean isScalar() {
        return type != Type.STRUCTURE && type != Type.LIST && type != Type.MAP;
    }

    /** The constraints of this shape itself, as the "Member must ..." phrases a collection constraint lists. */
    List<String> constraintPhrases() {
        List<String> out = new ArrayList<>(4);
        String unit = type == Type.INTEGER || type == Type.LONG || type == Type.DOUBLE || type == Type.FLOAT
                ? "value" : "length";
        if (max != null) {
            out.add("Member must have " + unit + " less than or equal to " + max.toPlainString());
        }
        if (min != null) {
            out.add("Member must have " + unit + " greater than or equal to " + min.toPlainString());
        }
        if (pattern != null) {
            out.add("Member must satisfy regular expression pattern: " + patternText);
        }
        if (!enumValues.isEmpty()) {
            out.add("Member must satisfy enum value set: " + enumValues);
        }
        return out;
    }

    boolean hasOwnConstraints() {
        return min != null || max != null || pattern != null || !enumValues.isEmpty();
    }

    /**
     * The Java type the service names in its deserialisation messages: {@code java.lang.String},
     * {@code java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>}...
     */
    String javaType() {
        return switch (type) {
            case STRUCTURE -> javaPackage + "." + name;
            case LIST -> "java.util.List<" + member.javaType() + ">";
            case MAP -> "java.util.Map<java.lang.String, " + value.javaType() + ">";
            case STRING -> "java.lang.String";
            case BOOLEAN -> "java.lang.Boolean";
            case INTEGER -> "java.lang.Integer";
            case LONG -> "java.lang.Long";
            case DOUBLE -> "java.lang.Double";
            case FLOAT -> "java.lang.Float";
            case BLOB -> "java.nio.ByteBuffer";
            case TIMESTAMP -> "java.util.Date";
        };
    }

    /** The simple type name used in "X cannot be converted to Integer". */
    String simpleJavaType() {
        String t = javaType();
        return t.substring(t.lastIndexOf('.') + 1);
    }

    @Override
    public String toString() {
        return name + "(" + type + ")";
    }
}
