package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Projecting an item on document paths (ProjectionExpression, and the UPDATED_* return values) as DynamoDB does
 * (docs/dynamodb-transactions-and-limits.md, "Projections"): nested paths keep their nesting, paths that share a prefix
 * merge into one structure, and the projected elements of a list come back compacted and in list order
 * ({@code l[2], l[0]} gives {@code [l0, l2]}), whatever the order of the paths.
 */
final class Projection {
    private Projection() {
    }

    /** What to keep of one value: all of it, or some of its map entries or list elements. */
    private static final class Node {
        boolean whole;
        final Map<String, Node> entries = new LinkedHashMap<>();
        final TreeMap<Integer, Node> elements = new TreeMap<>();
    }

    /** The item restricted to the paths (null: the whole item). */
    static ObjectNode project(ObjectNode item, List<DocumentPath> paths) {
        if (paths == null) {
            return item;
        }
        Node root = new Node();
        for (DocumentPath p : paths) {
            Node n = root;
            for (Object e : p.elements()) {
                n = e instanceof String name ? n.entries.computeIfAbsent(name, k -> new Node())
                        : n.elements.computeIfAbsent((Integer) e, k -> new Node());
            }
            n.whole = true;
        }
        ObjectNode out = Json.object();
        root.entries.forEach((name, node) -> {
            JsonNode v = extract(item.get(name), node);
            if (v != null) {
                out.set(name, v);
            }
        });
        return out;
    }

    /** The kept part of {@code av}, or null when nothing of it is kept; recursion is bounded by the path depth (32). */
    private static JsonNode extract(JsonNode av, Node node) {
        if (av == null || node.whole) {
            return av;
        }
        String type = Values.type(av);
        JsonNode payload = Values.payload(av);
        if (type.equals("M") && !node.entries.isEmpty()) {
            ObjectNode kept = Json.object();
            node.entries.forEach((name, child) -> {
                JsonNode v = extract(payload.get(name), child);
                if (v != null) {
                    kept.set(name, v);
                }
            });
            return kept.isEmpty() ? null : Json.object().set("M", kept);
        }
        if (type.equals("L") && !node.elements.isEmpty()) {
            ArrayNode kept = Json.array();
            node.elements.forEach((index, child) -> {
                JsonNode v = index < payload.size() ? extract(payload.get(index), child) : null;
                if (v != null) {
                    kept.add(v);
                }
            });
            return kept.isEmpty() ? null : Json.object().set("L", kept);
        }
        return null;
    }
}
