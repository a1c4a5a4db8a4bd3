package io.github.hsmkeystore.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.protocol.Shape;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Request bodies generated from an API model's shapes, for the hostile-input tests: well-typed bodies (random members,
 * values and sizes, the right JSON kind everywhere) and the places in them where a value of the wrong kind can go.
 */
public final class ModelBodies {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] STRINGS = {"", "a", "pk", "sk", "#n", ":v", "a;", "attribute_exists(pk)",
        "SET a = :v", "pk = :v", "\u00e9\ud83d\ude00", "x".repeat(300), "NONE", "ALL_OLD", "TOTAL", "S", "HASH"};

    private static final String[] NAMES = {"abc", "pk_1", "index.x", "sk-2"};

    /** A place in a generated body: the shape it holds and how to replace its value. */
    public record Slot(Shape shape, Consumer<JsonNode> replace) {
    }

    private final Random random;
    private final int maxDepth;
    private final List<Slot> slots = new ArrayList<>();

    private final java.util.Set<String> unions;

    /**
     * @param unions structures that hold exactly one member (e.g. DynamoDB's {@code AttributeValue}): generated with one
     *               member most of the time, so that bodies get past the first checks
     */
    public ModelBodies(Random random, int maxDepth, java.util.Set<String> unions) {
        this.random = random;
        this.maxDepth = maxDepth;
        this.unions = unions;
    }

    /** Every place of the last generated body that holds a member of the model. */
    public List<Slot> slots() {
        return slots;
    }

    /** A well-typed body for an input shape. */
    public ObjectNode body(Shape input) {
        slots.clear();
        ObjectNode o = NODES.objectNode();
        fill(input, o, 0);
        return o;
    }

    private JsonNode value(Shape s, int depth) {
        switch (s.type()) {
            case STRUCTURE -> {
                ObjectNode o = NODES.objectNode();
                fill(s, o, depth);
                return o;
            }
            case LIST -> {
                ArrayNode a = NODES.arrayNode();
                int n = depth >= maxDepth ? 0 : random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    int index = i;
                    a.add(value(s.member(), depth + 1));
                    slots.add(new Slot(s.member(), v -> a.set(index, v)));
                }
                return a;
            }
            case MAP -> {
                ObjectNode o = NODES.objectNode();
                int n = depth >= maxDepth ? 0 : random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    String key = random.nextBoolean() ? "pk" : string(s.key());
                    o.set(key, value(s.value(), depth + 1));
                    slots.add(new Slot(s.value(), v -> o.set(key, v)));
                }
                return o;
            }
            case STRING -> {
                return NODES.textNode(string(s));
            }
            case BOOLEAN -> {
                return NODES.booleanNode(random.nextBoolean());
            }
            case INTEGER, LONG -> {
                long[] values = {0, 1, -1, 5, 100, 1000, Integer.MAX_VALUE, Long.MAX_VALUE};
                long v = values[random.nextInt(values.length)];
                return s.type() == Shape.Type.INTEGER ? NODES.numberNode((int) Math.min(v, Integer.MAX_VALUE)) : NODES.numberNode(v);
            }
            case DOUBLE, FLOAT, TIMESTAMP -> {
                return NODES.numberNode(random.nextInt(2_000_000_000) / 1000.0);
            }
            case BLOB -> {
                byte[] bytes = new byte[random.nextInt(8)];
                random.nextBytes(bytes);
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            default -> throw new IllegalStateException(s.toString());
        }
    }

    private void fill(Shape s, ObjectNode o, int depth) {
        if (unions.contains(s.name()) && random.nextInt(10) != 0) {
            List<Map.Entry<String, Shape>> members = List.copyOf(s.members().entrySet());
            Map.Entry<String, Shape> m = members.get(random.nextInt(depth >= maxDepth ? Math.min(2, members.size()) : members.size()));
            o.set(m.getKey(), value(m.getValue(), depth + 1));
            slots.add(new Slot(m.getValue(), v -> o.set(m.getKey(), v)));
            return;
        }
        for (Map.Entry<String, Shape> m : s.members().entrySet()) {
            boolean required = s.required().contains(m.getKey());
            if (!required && (depth >= maxDepth || random.nextInt(3) != 0)) {
                continue;
            }
            o.set(m.getKey(), value(m.getValue(), depth + 1));
            slots.add(new Slot(m.getValue(), v -> o.set(m.getKey(), v)));
        }
    }

    private String string(Shape s) {
        if (!s.enumValues().isEmpty() && random.nextInt(5) != 0) {
            return s.enumValues().get(random.nextInt(s.enumValues().size()));
        }
        if ((s.min() != null || s.pattern() != null) && random.nextInt(5) != 0) {
            return NAMES[random.nextInt(NAMES.length)]; // a name that passes the usual name constraints
        }
        return STRINGS[random.nextInt(STRINGS.length)];
    }

    /** A JSON value of a kind the shape does not accept (a string for a number, a number for a list...). */
    public JsonNode wrongKind(Shape s) {
        List<JsonNode> candidates = new ArrayList<>();
        if (s.type() != Shape.Type.STRING && s.type() != Shape.Type.BLOB) {
            candidates.add(NODES.textNode("wrong"));
        }
        if (s.type() != Shape.Type.BOOLEAN) {
            candidates.add(NODES.booleanNode(true));
        }
        boolean numeric = switch (s.type()) {
            case INTEGER, LONG, DOUBLE, FLOAT, TIMESTAMP -> true;
            default -> false;
        };
        if (!numeric) {
            candidates.add(NODES.numberNode(7));
            candidates.add(NODES.numberNode(7.5));
        }
        if (s.type() != Shape.Type.LIST) {
            candidates.add(NODES.arrayNode().add(1));
        }
        if (s.type() != Shape.Type.STRUCTURE && s.type() != Shape.Type.MAP) {
            candidates.add(NODES.objectNode().put("x", 1));
        }
        if (s.type() == Shape.Type.BLOB) {
            candidates.add(NODES.textNode("not base64!"));
        }
        return candidates.get(random.nextInt(candidates.size()));
    }
}
