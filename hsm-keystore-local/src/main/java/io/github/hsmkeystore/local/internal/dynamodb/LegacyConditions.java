package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The legacy conditions of DynamoDB: {@code Expected} (PutItem, UpdateItem, DeleteItem), {@code QueryFilter},
 * {@code ScanFilter} and {@code KeyConditions}, each a map of attribute name to a comparison, joined by
 * {@code ConditionalOperator}. They are validated with DynamoDB's rules and messages and turned into the same
 * {@link Expressions.Condition} the expression path evaluates (docs/dynamodb-legacy-parameters.md).
 */
final class LegacyConditions {
    static final List<String> OPERATORS = List.of("IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE",
            "LE", "BEGINS_WITH", "GE", "CONTAINS");
    private static final Set<String> SCALARS = Set.of("S", "N", "B");
    private static final Set<String> SCALARS_AND_SETS = Set.of("S", "N", "B", "SS", "NS", "BS");

    private LegacyConditions() {
    }

    /** One comparison on one top-level attribute: {@code ComparisonOperator} and its {@code AttributeValueList}. */
    record Comparison(String attribute, String operator, List<JsonNode> values) implements Expressions.Condition {
        @Override
        public boolean test(ObjectNode item) {
            return LegacyConditions.test(operator, item.get(attribute), values);
        }
    }

    /**
     * {@code Expected} with {@code ConditionalOperator}: null when neither is given. Each entry is either the simple form
     * ({@code Exists} / {@code Value}) or the comparison form ({@code ComparisonOperator} / {@code AttributeValueList},
     * where {@code Value} may stand for a one-element list).
     */
    static Expressions.Condition expected(JsonRequest r) {
        ObjectNode expected = r.object("Expected");
        String operator = conditionalOperator(r);
        if (expected == null) {
            return null;
        }
        List<Comparison> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parts.add(expectedEntry(e.getKey(), entry(e, "Expected")));
        }
        return join(parts, operator);
    }

    private static Comparison expectedEntry(String attribute, JsonRequest c) {
        boolean hasList = c.has("AttributeValueList");
        boolean hasValue = c.has("Value");
        Boolean exists = c.bool("Exists");
        String operator = c.string("ComparisonOperator");
        if (hasList && hasValue) {
            throw invalid("Value and AttributeValueList cannot be used together for Attribute: " + attribute);
        }
        if (operator != null) {
            checkOperator(operator, "expected." + attribute + ".member.comparisonOperator");
            if (exists != null) {
                throw invalid("Exists and ComparisonOperator cannot be used together for Attribute: " + attribute);
            }
            if (!operator.equals("NULL") && !operator.equals("NOT_NULL") && !hasList && !hasValue) {
                throw invalid("Value or AttributeValueList must be used with ComparisonOperator: " + operator + " for Attribute: " + attribute);
            }
            List<JsonNode> values = hasValue ? List.of(value(c.object("Value"), "Expected")) : values(c);
            return comparison(attribute, operator, values);
        }
        if (hasList) {
            throw invalid("AttributeValueList can only be used with a ComparisonOperator for Attribute: " + attribute);
        }
        boolean mustExist = exists == null || exists;
        if (mustExist && !hasValue) {
            throw invalid("Value must be provided when Exists is " + (exists == null ? "null" : "true") + " for Attribute: " + attribute);
        }
        if (!mustExist && hasValue) {
            throw invalid("Value cannot be used when Exists is false for Attribute: " + attribute);
        }
        return mustExist ? new Comparison(attribute, "EQ", List.of(value(c.object("Value"), "Expected")))
                : new Comparison(attribute, "NULL", List.of());
    }

    /** {@code QueryFilter} or {@code ScanFilter} ({@code member}) with {@code ConditionalOperator}; null when absent. */
    static Expressions.Condition filter(JsonRequest r, String member) {
        List<Comparison> parts = comparisons(r, member);
        String operator = conditionalOperator(r);
        return parts == null ? null : join(parts, operator);
    }

    /** The comparisons of a filter-shaped map ({@code QueryFilter}, {@code ScanFilter}, {@code KeyConditions}); null when absent. */
    static List<Comparison> comparisons(JsonRequest r, String member) {
        ObjectNode map = r.object(member);
        if (map == null) {
            return null;
        }
        List<Comparison> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonRequest c = entry(e, member);
            String operator = c.string("ComparisonOperator");
            String path = JsonRequest.camel(member) + "." + e.getKey() + ".member.comparisonOperator";
            if (operator == null) {
                throw AwsException.validation("1 validation error detected: Value null at '" + path
                        + "' failed to satisfy constraint: Member must not be null");
            }
            checkOperator(operator, path);
            parts.add(comparison(e.getKey(), operator, values(c)));
        }
        return parts;
    }

    private static JsonRequest entry(Map.Entry<String, JsonNode> e, String member) {
        if (!e.getValue().isObject()) {
            throw AwsException.serialization("Member '" + member + "." + e.getKey() + "' must be a structure but was "
                    + e.getValue().getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return new JsonRequest((ObjectNode) e.getValue());
    }

    private static String conditionalOperator(JsonRequest r) {
        String operator = r.string("ConditionalOperator");
        if (operator != null && !operator.equals("AND") && !operator.equals("OR")) {
            throw AwsException.validation("1 validation error detected: Value '" + operator
                    + "' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]");
        }
        return operator;
    }

    private static void checkOperator(String operator, String path) {
        if (!OPERATORS.contains(operator)) {
            throw AwsException.validation("1 validation error detected: Value '" + operator + "' at '" + path
                    + "' failed to satisfy constraint: Member must satisfy enum value set: " + OPERATORS.toString());
        }
    }

    private static List<JsonNode> values(JsonRequest c) {
        var list = c.array("AttributeValueList");
        List<JsonNode> out = new ArrayList<>();
        if (list != null) {
            for (JsonNode v : list) {
                out.add(value(v, "AttributeValueList"));
            }
        }
        return out;
    }

    private static JsonNode value(JsonNode v, String where) {
        Values.validate(v, where);
        return v;
    }

    /** Checks the argument count, the argument types and BETWEEN's bounds (Developer Guide, legacy conditions). */
    private static Comparison comparison(String attribute, String operator, List<JsonNode> values) {
        int n = values.size();
        boolean countOk = switch (operator) {
            case "NULL", "NOT_NULL" -> n == 0;
            case "IN" -> n >= 1;
            case "BETWEEN" -> n == 2;
            default -> n == 1;
        };
        if (!countOk) {
            throw invalid("Invalid number of argument(s) for the " + operator + " ComparisonOperator");
        }
        if (n > 0) {
            String type = Values.type(values.get(0));
            for (JsonNode v : values) {
                if (!Values.type(v).equals(type)) {
                    throw invalid("AttributeValues inside AttributeValueList must be of same type");
                }
            }
            Set<String> allowed = switch (operator) {
                case "EQ", "NE" -> SCALARS_AND_SETS;
                case "BEGINS_WITH" -> Set.of("S", "B");
                default -> SCALARS;
            };
            if (!allowed.contains(type)) {
                throw invalid("ComparisonOperator " + operator + " is not valid for " + type + " AttributeValue type");
            }
            if (operator.equals("BETWEEN") && Values.compare(values.get(0), values.get(1)) > 0) {
                throw AwsException.validation("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
            }
        }
        return new Comparison(attribute, operator, List.copyOf(values));
    }

    private static Expressions.Condition join(List<Comparison> parts, String operator) {
        if ("OR".equals(operator)) {
            return item -> parts.isEmpty() || parts.stream().anyMatch(p -> p.test(item));
        }
        return item -> parts.stream().allMatch(p -> p.test(item));
    }

    /**
     * Evaluates one comparison on the item's value {@code v} (null: the item has no such attribute). An attribute of
     * another type than the arguments never matches, except for NE and NOT_CONTAINS, which hold then (as for a missing
     * attribute).
     */
    static boolean test(String operator, JsonNode v, List<JsonNode> args) {
        JsonNode a = args.isEmpty() ? null : args.get(0);
        return switch (operator) {
            case "NULL" -> v == null;
            case "NOT_NULL" -> v != null;
            case "EQ" -> v != null && Values.equal(v, a);
            case "NE" -> v == null || !Values.equal(v, a);
            case "LT", "LE", "GT", "GE" -> ExpressionFunctions.compare(switch (operator) {
                case "LT" -> "<";
                case "LE" -> "<=";
                case "GT" -> ">";
                default -> ">=";
            }, v, a);
            case "BEGINS_WITH" -> ExpressionFunctions.beginsWith(v, a);
            case "CONTAINS" -> contains(v, a);
            case "NOT_CONTAINS" -> !contains(v, a);
            case "IN" -> v != null && args.stream().anyMatch(x -> Values.equal(v, x));
            case "BETWEEN" -> Values.comparable(v, a) && Values.comparable(v, args.get(1))
                    && Values.compare(v, a) >= 0 && Values.compare(v, args.get(1)) <= 0;
            default -> throw new IllegalStateException(operator);
        };
    }

    /** CONTAINS: a substring of S, a subsequence of B, a member of a set, an element of a list. */
    private static boolean contains(JsonNode v, JsonNode a) {
        if (v != null && Values.type(v).equals("B") && Values.type(a).equals("B")) {
            byte[] x = Values.bytes(Values.payload(v).textValue());
            byte[] p = Values.bytes(Values.payload(a).textValue());
            for (int i = 0; i + p.length <= x.length; i++) {
                if (java.util.Arrays.equals(x, i, i + p.length, p, 0, p.length)) {
                    return true;
                }
            }
            return false;
        }
        return ExpressionFunctions.contains(v, a);
    }

    /**
     * KeyConditions against the key schema queried (table or index): a condition on each key attribute the schema
     * needs, EQ on the partition key, an indexable operator of the key's type on the sort key.
     */
    static List<Expressions.KeyPart> keyParts(List<Comparison> conditions, Table.KeySchema schema, Map<String, String> types) {
        Map<String, Comparison> byAttribute = new LinkedHashMap<>();
        conditions.forEach(c -> byAttribute.put(c.attribute(), c));
        List<Expressions.KeyPart> parts = new ArrayList<>();
        List<String> keys = schema.hasRange() ? List.of(schema.hashKey(), schema.rangeKey()) : List.of(schema.hashKey());
        for (String attribute : keys) {
            boolean hash = attribute.equals(schema.hashKey());
            if (hash && !schema.hasRange() && conditions.size() > 1) {
                throw AwsException.validation("Query key condition not supported");
            }
            Comparison c = byAttribute.get(attribute);
            if (c == null) {
                if (hash || conditions.size() > 1) {
                    throw AwsException.validation("Query condition missed key schema element: " + attribute);
                }
                continue;
            }
            if (Set.of("NULL", "NOT_NULL", "NE", "CONTAINS", "NOT_CONTAINS", "IN").contains(c.operator())) {
                throw AwsException.validation("Attempted conditional constraint is not an indexable operation");
            }
            if (c.values().stream().anyMatch(v -> !Values.type(v).equals(types.get(attribute)))) {
                throw invalid("Condition parameter type does not match schema type");
            }
            if (hash && !c.operator().equals("EQ")) {
                throw AwsException.validation("Query key condition not supported");
            }
            String operator = switch (c.operator()) {
                case "EQ" -> "=";
                case "LT" -> "<";
                case "LE" -> "<=";
                case "GT" -> ">";
                case "GE" -> ">=";
                case "BEGINS_WITH" -> "begins_with";
                default -> "BETWEEN";
            };
            parts.add(new Expressions.KeyPart(attribute, operator, c, c.values()));
        }
        return parts;
    }

    static AwsException invalid(String message) {
        return AwsException.validation("One or more parameter values were invalid: " + message);
    }
}
