package io.github.hsmkeystore.local.dynamodb;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Random DynamoDB operation sequences for the differential tests, on a table with string partition key {@code pk} and
 * number sort key {@code sk}. Each operation runs against a client and yields a normalised result string (or the
 * error code), so the same operation can be compared across two implementations.
 */
final class DdbOpGenerator {
    /** One generated operation: a readable description and its execution. */
    record Op(String description, Function<DynamoDbClient, String> run) {
        String apply(DynamoDbClient ddb) {
            try {
                return run.apply(ddb);
            } catch (AwsServiceException e) {
                String code = e.awsErrorDetails().errorCode();
                return code != null ? "ERROR " + code : "ERROR status=" + e.statusCode() + " " + e.getMessage();
            }
        }
    }

    /** Appended to an UPDATED_OLD/UPDATED_NEW result that contained the (never updated) key attributes. */
    static final String KEYS_MARK = " +keys";
    private static final String[] PKS = {"a", "b", "c"};
    private static final String[] WORDS = {"red", "green", "blue", "re", "gr"};
    private final Random random;
    private final String table;

    DdbOpGenerator(Random random, String table) {
        this.random = random;
        this.table = table;
    }

    List<Op> sequence() {
        int length = 10 + random.nextInt(21);
        List<Op> ops = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            ops.add(next());
        }
        return ops;
    }

    private Op next() {
        int k = random.nextInt(100);
        if (k < 30) {
            return put();
        } else if (k < 55) {
            return update();
        } else if (k < 65) {
            return delete();
        } else if (k < 75) {
            return get();
        } else if (k < 90) {
            return query();
        }
        return scan();
    }

    // ---- values ----

    private String pk() {
        return PKS[random.nextInt(PKS.length)];
    }

    private AttributeValue sk() {
        return AttributeValue.fromN(Integer.toString(random.nextInt(8) - 2));
    }

    private AttributeValue num() {
        return AttributeValue.fromN(Integer.toString(random.nextInt(200) - 100));
    }

    private AttributeValue word() {
        return AttributeValue.fromS(WORDS[random.nextInt(WORDS.length)]);
    }

    private AttributeValue wordSet() {
        List<String> words = new ArrayList<>(List.of(WORDS));
        java.util.Collections.shuffle(words, random);
        return AttributeValue.fromSs(words.subList(0, 1 + random.nextInt(3)));
    }

    private Map<String, AttributeValue> key() {
        return Map.of("pk", AttributeValue.fromS(pk()), "sk", sk());
    }

    private Map<String, AttributeValue> item() {
        Map<String, AttributeValue> item = new HashMap<>(key());
        if (random.nextBoolean()) {
            item.put("v", num());
        }
        if (random.nextBoolean()) {
            item.put("s", word());
        }
        if (random.nextInt(3) == 0) {
            item.put("tags", wordSet());
        }
        if (random.nextInt(3) == 0) {
            item.put("m", AttributeValue.fromM(Map.of("x", num(), "y", AttributeValue.fromL(List.of(word(), num())))));
        }
        return item;
    }

    /** A condition on an item, with its placeholders; null for none. */
    private record Condition(String expression, Map<String, AttributeValue> values) {
    }

    private Condition condition() {
        return switch (random.nextInt(9)) {
            case 0 -> null;
            case 1 -> new Condition("attribute_not_exists(pk)", Map.of());
            case 2 -> new Condition("attribute_exists(s)", Map.of());
            case 3 -> new Condition("v < :c", Map.of(":c", num()));
            case 4 -> new Condition("begins_with(s, :c)", Map.of(":c", AttributeValue.fromS(random.nextBoolean() ? "re" : "g")));
            case 5 -> new Condition("contains(tags, :c)", Map.of(":c", word()));
            case 6 -> new Condition("v BETWEEN :lo AND :hi OR attribute_not_exists(v)", Map.of(":lo", num(), ":hi",
                    AttributeValue.fromN("100")));
            case 7 -> new Condition("NOT (s IN (:c1, :c2))", Map.of(":c1", word(), ":c2", word()));
            default -> new Condition("size(tags) >= :c AND m.x <> :d", Map.of(":c", AttributeValue.fromN("2"), ":d", num()));
        };
    }

    private ReturnValue returnValue(ReturnValue... choices) {
        return choices[random.nextInt(choices.length)];
    }

    // ---- operations ----

    private Op put() {
        Map<String, AttributeValue> item = item();
        Condition c = random.nextBoolean() ? condition() : null;
        ReturnValue rv = returnValue(ReturnValue.NONE, ReturnValue.ALL_OLD);
        return new Op("PutItem " + show(item) + " if " + describe(c) + " rv=" + rv, ddb -> show(ddb.putItem(r -> {
            r.tableName(table).item(item).returnValues(rv);
            if (c != null) {
                r.conditionExpression(c.expression());
                if (!c.values().isEmpty()) {
                    r.expressionAttributeValues(c.values());
                }
            }
        }).attributes()));
    }

    private Op update() {
        Map<String, AttributeValue> key = key();
        Map<String, AttributeValue> values = new TreeMap<>();
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        List<String> add = new ArrayList<>();
        List<String> del = new ArrayList<>();
        switch (random.nextInt(4)) {
            case 0 -> {
                set.add("v = if_not_exists(v, :zero) + :n");
                values.put(":zero", AttributeValue.fromN("0"));
                values.put(":n", num());
            }
            case 1 -> add.add("v :n");
            case 2 -> {
                set.add("v = if_not_exists(v, :zero) - :n");
                values.put(":zero", AttributeValue.fromN("0"));
                values.put(":n", num());
            }
            default -> { }
        }
        if (add.contains("v :n")) {
            values.put(":n", num());
        }
        switch (random.nextInt(5)) {
            case 0 -> {
                set.add("s = :w");
                values.put(":w", word());
            }
            case 1 -> remove.add("s");
            case 2 -> {
                add.add("tags :t");
                values.put(":t", wordSet());
            }
            case 3 -> {
                del.add("tags :t");
                values.put(":t", wordSet());
            }
            default -> {
                set.add("m = :m");
                values.put(":m", AttributeValue.fromM(Map.of("x", num())));
            }
        }
        if (set.isEmpty() && remove.isEmpty() && add.isEmpty() && del.isEmpty()) {
            remove.add("s");
        }
        StringBuilder expr = new StringBuilder();
        clause(expr, "SET", set);
        clause(expr, "REMOVE", remove);
        clause(expr, "ADD", add);
        clause(expr, "DELETE", del);
        Condition c = random.nextInt(3) == 0 ? condition() : null;
        if (c != null) {
            values.putAll(c.values());
        }
        ReturnValue rv = returnValue(ReturnValue.NONE, ReturnValue.ALL_OLD, ReturnValue.UPDATED_OLD, ReturnValue.ALL_NEW,
                ReturnValue.UPDATED_NEW);
        String update = expr.toString().trim();
        return new Op("UpdateItem " + show(key) + " " + update + " if " + describe(c) + " " + show(values) + " rv=" + rv,
                ddb -> {
                    Map<String, AttributeValue> attributes = ddb.updateItem(r -> {
                        r.tableName(table).key(key).updateExpression(update).returnValues(rv);
                        if (!values.isEmpty()) {
                            r.expressionAttributeValues(values);
                        }
                        if (c != null) {
                            r.conditionExpression(c.expression());
                        }
                    }).attributes();
                    if (rv != ReturnValue.UPDATED_OLD && rv != ReturnValue.UPDATED_NEW) {
                        return show(attributes);
                    }
                    // key attributes are never "updated": marked separately so a known moto deviation can be normalised
                    Map<String, AttributeValue> updated = new TreeMap<>(attributes);
                    boolean keys = updated.remove("pk") != null | updated.remove("sk") != null;
                    return show(updated) + (keys ? KEYS_MARK : "");
                });
    }

    private static void clause(StringBuilder b, String name, List<String> parts) {
        if (!parts.isEmpty()) {
            b.append(name).append(' ').append(String.join(", ", parts)).append(' ');
        }
    }

    private Op delete() {
        Map<String, AttributeValue> key = key();
        Condition c = random.nextBoolean() ? condition() : null;
        ReturnValue rv = returnValue(ReturnValue.NONE, ReturnValue.ALL_OLD);
        return new Op("DeleteItem " + show(key) + " if " + describe(c) + " rv=" + rv, ddb -> show(ddb.deleteItem(r -> {
            r.tableName(table).key(key).returnValues(rv);
            if (c != null) {
                r.conditionExpression(c.expression());
                if (!c.values().isEmpty()) {
                    r.expressionAttributeValues(c.values());
                }
            }
        }).attributes()));
    }

    private Op get() {
        Map<String, AttributeValue> key = key();
        String projection = switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> "pk, v";
            case 2 -> "s, m.x, tags";
            default -> "m.y[1], sk";
        };
        return new Op("GetItem " + show(key) + " projection=" + projection, ddb -> {
            var response = ddb.getItem(r -> r.tableName(table).key(key).projectionExpression(projection).consistentRead(true));
            return response.hasItem() ? show(response.item()) : "<none>";
        });
    }

    private Op query() {
        String pk = pk();
        Map<String, AttributeValue> values = new TreeMap<>();
        values.put(":p", AttributeValue.fromS(pk));
        String keyCondition = "pk = :p";
        switch (random.nextInt(5)) {
            case 0 -> { }
            case 1 -> {
                keyCondition += " AND sk BETWEEN :lo AND :hi";
                values.put(":lo", AttributeValue.fromN("0"));
                values.put(":hi", AttributeValue.fromN(Integer.toString(random.nextInt(6))));
            }
            case 2 -> {
                keyCondition += " AND sk < :x";
                values.put(":x", sk());
            }
            case 3 -> {
                keyCondition += " AND sk >= :x";
                values.put(":x", sk());
            }
            default -> {
                keyCondition += " AND sk = :x";
                values.put(":x", sk());
            }
        }
        String filter = random.nextBoolean() ? null : "attribute_exists(v) AND v > :f";
        if (filter != null) {
            values.put(":f", num());
        }
        Integer limit = random.nextBoolean() ? null : 1 + random.nextInt(3);
        boolean forward = random.nextBoolean();
        String kc = keyCondition;
        QueryRequest request = QueryRequest.builder().tableName(table).keyConditionExpression(kc).filterExpression(filter)
                .expressionAttributeValues(values).limit(limit).scanIndexForward(forward).consistentRead(true).build();
        return new Op("Query " + kc + " filter=" + filter + " " + show(values) + " limit=" + limit + " forward=" + forward, ddb -> {
            StringBuilder out = new StringBuilder();
            Map<String, AttributeValue> start = null;
            for (int page = 0; page < 50; page++) {
                QueryResponse p = ddb.query(request.toBuilder().exclusiveStartKey(start).build());
                out.append("[page count=").append(p.count()).append(" scanned=").append(p.scannedCount()).append(' ')
                        .append(p.items().stream().map(DdbOpGenerator::show).toList())
                        .append(" last=").append(p.hasLastEvaluatedKey() ? show(p.lastEvaluatedKey()) : "-").append(']');
                if (!p.hasLastEvaluatedKey() || p.lastEvaluatedKey().isEmpty()) {
                    break;
                }
                start = p.lastEvaluatedKey();
            }
            return out.toString();
        });
    }

    private Op scan() {
        String filter = switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> "v >= :f";
            case 2 -> "begins_with(s, :w) OR size(tags) = :two";
            default -> "attribute_type(m, :mt) AND NOT contains(tags, :w)";
        };
        Map<String, AttributeValue> values = new TreeMap<>();
        if (filter != null && filter.contains(":f")) {
            values.put(":f", num());
        }
        if (filter != null && filter.contains(":w")) {
            values.put(":w", AttributeValue.fromS("re"));
        }
        if (filter != null && filter.contains(":two")) {
            values.put(":two", AttributeValue.fromN("2"));
        }
        if (filter != null && filter.contains(":mt")) {
            values.put(":mt", AttributeValue.fromS("M"));
        }
        Integer limit = random.nextBoolean() ? null : 1 + random.nextInt(4);
        ScanRequest request = ScanRequest.builder().tableName(table).filterExpression(filter)
                .expressionAttributeValues(values.isEmpty() ? null : values).limit(limit).consistentRead(true).build();
        return new Op("Scan filter=" + filter + " " + show(values) + " limit=" + limit, ddb -> {
            List<String> items = new ArrayList<>();
            int count = 0;
            int scanned = 0;
            Map<String, AttributeValue> start = null;
            for (int page = 0; page < 100; page++) {
                ScanResponse p = ddb.scan(request.toBuilder().exclusiveStartKey(start).build());
                count += p.count();
                scanned += p.scannedCount();
                p.items().forEach(i -> items.add(show(i)));
                if (!p.hasLastEvaluatedKey() || p.lastEvaluatedKey().isEmpty()) {
                    break;
                }
                start = p.lastEvaluatedKey();
            }
            items.sort(null);
            return "count=" + count + " scanned=" + scanned + " " + items;
        });
    }

    private static String describe(Condition c) {
        return c == null ? "-" : c.expression() + " " + show(c.values());
    }

    // ---- normalisation: maps by key, sets sorted, numbers canonical ----

    static String show(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return "{}";
        }
        return new TreeMap<>(item).entrySet().stream().map(e -> e.getKey() + "=" + show(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    static String show(AttributeValue v) {
        return switch (v.type()) {
            case S -> "S'" + v.s() + "'";
            case N -> "N" + canonical(v.n());
            case B -> "B" + v.b().asByteBuffer();
            case BOOL -> "BOOL" + v.bool();
            case NUL -> "NULL";
            case M -> "M" + show(v.m());
            case L -> "L" + v.l().stream().map(DdbOpGenerator::show).toList();
            case SS -> "SS" + v.ss().stream().sorted().toList();
            case NS -> "NS" + v.ns().stream().map(BigDecimal::new).sorted().map(DdbOpGenerator::canonical).toList();
            case BS -> "BS" + v.bs().size();
            default -> "?" + v;
        };
    }

    private static String canonical(String n) {
        return canonical(new BigDecimal(n));
    }

    private static String canonical(BigDecimal n) {
        return n.signum() == 0 ? "0" : n.stripTrailingZeros().toPlainString();
    }
}
