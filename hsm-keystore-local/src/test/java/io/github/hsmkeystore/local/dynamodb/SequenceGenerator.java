package io.github.hsmkeystore.local.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Random operation sequences (seeded, so a failing seed can be replayed) on a table with partition key {@code pk} (S)
 * and sort key {@code sk} (N): puts, conditional puts, updates, deletes, gets, queries and scans over a small key space
 * so that operations collide. Each operation answers a canonical outcome text that two engines must agree on.
 */
final class SequenceGenerator {
    private static final String[] PKS = {"a", "b", "c"};
    private static final String[] SKS = {"1", "2", "2.50", "-3", "10", "0.5", "100"};
    private static final String[] STRINGS = {"apple", "apricot", "banana", "cherry"};
    private static final String[] TAGS = {"x", "y", "z"};

    /** One operation: a description for reports and the call, returning its canonical outcome. */
    record Op(String description, BiFunction<DynamoDbClient, String, String> call) {
        /** Whether the operation may change the table (so a differing outcome makes the states differ). */
        boolean writes() {
            return description.startsWith("Put") || description.startsWith("Update") || description.startsWith("Delete");
        }

        String run(DynamoDbClient client, String table) {
            try {
                return call.apply(client, table);
            } catch (DynamoDbException e) {
                return "ERR " + e.awsErrorDetails().errorCode() + "/" + e.statusCode();
            }
        }
    }

    /** Placeholders collected while building one expression. */
    private static final class Ph {
        final Map<String, String> names = new HashMap<>();
        final Map<String, AttributeValue> values = new LinkedHashMap<>();
        int next;

        String v(AttributeValue value) {
            String key = ":v" + next++;
            values.put(key, value);
            return key;
        }

        Map<String, String> namesOrNull() {
            return names.isEmpty() ? null : names;
        }

        Map<String, AttributeValue> valuesOrNull() {
            return values.isEmpty() ? null : values;
        }
    }

    private final Random r;

    SequenceGenerator(long seed) {
        this.r = new Random(seed);
    }

    List<Op> sequence(int length) {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            int k = r.nextInt(100);
            if (k < 30) {
                ops.add(put());
            } else if (k < 55) {
                ops.add(update());
            } else if (k < 65) {
                ops.add(delete());
            } else if (k < 75) {
                ops.add(get());
            } else if (k < 90) {
                ops.add(query());
            } else {
                ops.add(scan());
            }
        }
        return ops;
    }

    /** A full scan of the table: the state both engines must end with. */
    static Op finalState() {
        return new Op("final Scan", (c, t) -> scanAll(c, ScanRequest.builder().tableName(t).build()));
    }

    private Op put() {
        Map<String, AttributeValue> item = randomItem();
        Ph ph = new Ph();
        String condition = r.nextInt(3) == 0 ? condition(ph, true) : null;
        ReturnValue rv = r.nextBoolean() ? ReturnValue.ALL_OLD : null;
        String d = "PutItem " + Canonical.item(item) + " if " + condition + " " + ph.values + " rv=" + rv;
        return new Op(d, (c, t) -> {
            var resp = c.putItem(b -> b.tableName(t).item(item).conditionExpression(condition).returnValues(rv)
                    .expressionAttributeNames(ph.namesOrNull()).expressionAttributeValues(ph.valuesOrNull()));
            return "OK " + Canonical.item(resp.hasAttributes() ? resp.attributes() : null);
        });
    }

    private Op update() {
        Map<String, AttributeValue> key = randomKey();
        Ph ph = new Ph();
        String update = updateExpression(ph);
        String condition = r.nextInt(3) == 0 ? condition(ph, true) : null;
        ReturnValue rv = r.nextInt(3) == 0 ? null : ReturnValue.values()[r.nextInt(5)];
        String d = "UpdateItem " + Canonical.item(key) + " " + update + " if " + condition + " " + ph.values + " rv=" + rv;
        return new Op(d, (c, t) -> {
            var resp = c.updateItem(b -> b.tableName(t).key(key).updateExpression(update).conditionExpression(condition)
                    .returnValues(rv).expressionAttributeNames(ph.namesOrNull()).expressionAttributeValues(ph.valuesOrNull()));
            return "OK " + Canonical.item(resp.hasAttributes() ? resp.attributes() : null);
        });
    }

    private Op delete() {
        Map<String, AttributeValue> key = randomKey();
        Ph ph = new Ph();
        String condition = r.nextInt(2) == 0 ? condition(ph, true) : null;
        ReturnValue rv = r.nextBoolean() ? ReturnValue.ALL_OLD : null;
        String d = "DeleteItem " + Canonical.item(key) + " if " + condition + " " + ph.values + " rv=" + rv;
        return new Op(d, (c, t) -> {
            var resp = c.deleteItem(b -> b.tableName(t).key(key).conditionExpression(condition).returnValues(rv)
                    .expressionAttributeNames(ph.namesOrNull()).expressionAttributeValues(ph.valuesOrNull()));
            return "OK " + Canonical.item(resp.hasAttributes() ? resp.attributes() : null);
        });
    }

    private Op get() {
        Map<String, AttributeValue> key = randomKey();
        String projection = r.nextInt(3) == 0 ? pick("pk, sk, v", "s, tags", "m.k, l[0]", "v") : null;
        return new Op("GetItem " + Canonical.item(key) + " projection " + projection, (c, t) -> {
            var resp = c.getItem(b -> b.tableName(t).key(key).projectionExpression(projection));
            return "OK " + Canonical.item(resp.hasItem() ? resp.item() : null);
        });
    }

    private Op query() {
        Ph ph = new Ph();
        String pk = ph.v(AttributeValue.fromS(pick(PKS)));
        String keyCondition = "pk = " + pk;
        switch (r.nextInt(7)) {
            case 0 -> keyCondition += " AND sk " + pick("<", "<=", ">", ">=", "=") + " " + ph.v(AttributeValue.fromN(pick(SKS)));
            case 1 -> {
                String lo = ph.v(AttributeValue.fromN(pick("-5", "0.5", "1")));
                keyCondition += " AND sk BETWEEN " + lo + " AND " + ph.v(AttributeValue.fromN(pick("2.5", "10", "1000")));
            }
            case 2 -> keyCondition = "sk > " + ph.v(AttributeValue.fromN("0")) + " AND " + keyCondition;
            default -> { }
        }
        String filter = r.nextInt(3) == 0 ? condition(ph, false) : null;
        Integer limit = r.nextBoolean() ? 1 + r.nextInt(3) : null;
        boolean forward = r.nextBoolean();
        boolean count = r.nextInt(6) == 0;
        String kc = keyCondition;
        String d = "Query " + kc + " filter " + filter + " " + ph.values + " limit=" + limit + " forward=" + forward + " count=" + count;
        return new Op(d, (c, t) -> {
            QueryRequest.Builder b = QueryRequest.builder().tableName(t).keyConditionExpression(kc).filterExpression(filter)
                    .limit(limit).scanIndexForward(forward).select(count ? Select.COUNT : null)
                    .expressionAttributeNames(ph.namesOrNull()).expressionAttributeValues(ph.valuesOrNull());
            StringBuilder out = new StringBuilder("OK");
            Map<String, AttributeValue> start = null;
            for (int page = 0; page < 20; page++) {
                QueryResponse resp = c.query(b.exclusiveStartKey(start).build());
                boolean emptyLast = !resp.hasLastEvaluatedKey() && resp.count() == 0 && resp.scannedCount() == 0 && page > 0;
                if (!emptyLast) {
                    out.append(" page(").append(resp.count()).append('/').append(resp.scannedCount()).append(' ')
                            .append(count ? "" : Canonical.items(resp.items())).append(')');
                }
                if (!resp.hasLastEvaluatedKey() || resp.lastEvaluatedKey().isEmpty()) {
                    break;
                }
                start = resp.lastEvaluatedKey();
            }
            return out.toString();
        });
    }

    private Op scan() {
        Ph ph = new Ph();
        String filter = r.nextBoolean() ? condition(ph, false) : null;
        Integer limit = r.nextBoolean() ? 1 + r.nextInt(4) : null;
        String d = "Scan filter " + filter + " " + ph.values + " limit=" + limit;
        return new Op(d, (c, t) -> scanAll(c, ScanRequest.builder().tableName(t).filterExpression(filter).limit(limit)
                .expressionAttributeNames(ph.namesOrNull()).expressionAttributeValues(ph.valuesOrNull()).build()));
    }

    /** Every page of a scan, compared as one set of items (scan order is not specified) and the total Count. */
    private static String scanAll(DynamoDbClient c, ScanRequest request) {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        int count = 0;
        Map<String, AttributeValue> start = null;
        for (int page = 0; page < 50; page++) {
            ScanResponse resp = c.scan(request.toBuilder().exclusiveStartKey(start).build());
            all.addAll(resp.items());
            count += resp.count();
            if (!resp.hasLastEvaluatedKey() || resp.lastEvaluatedKey().isEmpty()) {
                break;
            }
            start = resp.lastEvaluatedKey();
        }
        return "OK count=" + count + " " + Canonical.itemsByKey(all);
    }

    private String condition(Ph ph, boolean forWrite) {
        int choices = forWrite ? 12 : 11;
        return switch (r.nextInt(choices)) {
            case 0 -> "attribute_exists(s)";
            case 1 -> "v < " + ph.v(number());
            case 2 -> "v >= " + ph.v(number());
            case 3 -> "begins_with(s, " + ph.v(AttributeValue.fromS(pick("ap", "b", "c"))) + ")";
            case 4 -> "size(l) > " + ph.v(AttributeValue.fromN(String.valueOf(r.nextInt(3))));
            case 5 -> "contains(tags, " + ph.v(AttributeValue.fromS(pick(TAGS))) + ")";
            case 6 -> "v BETWEEN " + ph.v(AttributeValue.fromN("0")) + " AND " + ph.v(AttributeValue.fromN(pick("5", "10")));
            case 7 -> "s IN (" + ph.v(AttributeValue.fromS(pick(STRINGS))) + ", " + ph.v(AttributeValue.fromS(pick(STRINGS))) + ")";
            case 8 -> "NOT attribute_exists(flag) OR flag = " + ph.v(AttributeValue.fromBool(true));
            case 9 -> {
                ph.names.put("#m", "m");
                yield "(v > " + ph.v(number()) + " AND attribute_type(s, " + ph.v(AttributeValue.fromS("S")) + ")) OR #m.k = "
                        + ph.v(number());
            }
            case 10 -> "attribute_not_exists(v) AND size(tags) >= " + ph.v(AttributeValue.fromN("2"));
            default -> "attribute_not_exists(pk)";
        };
    }

    private String updateExpression(Ph ph) {
        List<String> set = new ArrayList<>();
        switch (r.nextInt(8)) {
            case 0 -> set.add("v = if_not_exists(v, " + ph.v(AttributeValue.fromN("0")) + ") + " + ph.v(number()));
            case 1 -> set.add("v = v - " + ph.v(number()));
            case 2 -> set.add("l = list_append(if_not_exists(l, " + ph.v(AttributeValue.fromL(List.of())) + "), "
                    + ph.v(AttributeValue.fromL(List.of(AttributeValue.fromS(pick(STRINGS)))))+ ")");
            case 3 -> set.add("m = " + ph.v(AttributeValue.fromM(Map.of("k", number(), "n", AttributeValue.fromS(pick(STRINGS))))));
            case 4 -> set.add("m.n = " + ph.v(AttributeValue.fromS(pick(STRINGS))));
            case 5 -> set.add("l[0] = " + ph.v(AttributeValue.fromS(pick(STRINGS))));
            default -> { }
        }
        if (r.nextBoolean()) {
            set.add("s = " + ph.v(AttributeValue.fromS(pick(STRINGS))));
        }
        StringBuilder e = new StringBuilder();
        if (!set.isEmpty()) {
            e.append("SET ").append(String.join(", ", set));
        }
        if (r.nextInt(4) == 0) {
            e.append(" REMOVE flag");
        }
        switch (r.nextInt(5)) {
            case 0 -> e.append(" ADD tags ").append(ph.v(AttributeValue.fromSs(List.of(pick(TAGS)))));
            case 1 -> e.append(" DELETE tags ").append(ph.v(AttributeValue.fromSs(List.of(pick(TAGS)))));
            case 2 -> {
                if (set.isEmpty() || !set.get(0).startsWith("v ")) {
                    e.append(" ADD v ").append(ph.v(number()));
                }
            }
            default -> { }
        }
        if (e.length() == 0) {
            e.append("SET s = ").append(ph.v(AttributeValue.fromS(pick(STRINGS))));
        }
        return e.toString().trim();
    }

    private Map<String, AttributeValue> randomKey() {
        return Map.of("pk", AttributeValue.fromS(pick(PKS)), "sk", AttributeValue.fromN(pick(SKS)));
    }

    private Map<String, AttributeValue> randomItem() {
        Map<String, AttributeValue> item = new HashMap<>(randomKey());
        if (r.nextInt(4) != 0) {
            item.put("v", number());
        }
        if (r.nextInt(3) != 0) {
            item.put("s", AttributeValue.fromS(pick(STRINGS)));
        }
        if (r.nextBoolean()) {
            List<String> tags = new ArrayList<>();
            for (String t : TAGS) {
                if (r.nextBoolean()) {
                    tags.add(t);
                }
            }
            if (!tags.isEmpty()) {
                item.put("tags", AttributeValue.fromSs(tags));
            }
        }
        if (r.nextInt(3) == 0) {
            item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromS(pick(STRINGS)), number())));
        }
        if (r.nextInt(3) == 0) {
            item.put("m", AttributeValue.fromM(Map.of("k", number())));
        }
        if (r.nextInt(4) == 0) {
            item.put("flag", AttributeValue.fromBool(r.nextBoolean()));
        }
        return item;
    }

    private AttributeValue number() {
        return AttributeValue.fromN(pick("0", "1", "2", "3.5", "-1", "7", "10", "1.50", "12"));
    }

    private String pick(String... options) {
        return options[r.nextInt(options.length)];
    }
}
