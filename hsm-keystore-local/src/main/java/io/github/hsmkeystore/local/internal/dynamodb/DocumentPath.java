package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A document path into an item: a top-level attribute name followed by map keys and list indexes
 * ({@code a.b[2].c}). Elements are Strings (names) or Integers (indexes).
 */
record DocumentPath(List<Object> elements) {

    String topName() {
        return (String) elements.get(0);
    }

    /** The value at this path, or null when any step is missing or of the wrong type. */
    JsonNode get(ObjectNode item) {
        JsonNode current = item.get(topName());
        for (int i = 1; i < elements.size() && current != null; i++) {
            current = step(current, elements.get(i));
        }
        return current;
    }

    private static JsonNode step(JsonNode av, Object element) {
        String type = Values.type(av);
        JsonNode payload = Values.payload(av);
        if (element instanceof String name) {
            return type.equals("M") ? payload.get(name) : null;
        }
        int index = (Integer) element;
        return type.equals("L") && index < payload.size() ? payload.get(index) : null;
    }

    /** Sets the value, creating only the last step: the parent must exist ({@code false} otherwise). */
    boolean set(ObjectNode item, JsonNode value) {
        if (elements.size() == 1) {
            item.set(topName(), value);
            return true;
        }
        JsonNode parent = new DocumentPath(elements.subList(0, elements.size() - 1)).get(item);
        if (parent == null) {
            return false;
        }
        Object last = elements.get(elements.size() - 1);
        JsonNode payload = Values.payload(parent);
        if (last instanceof String name && Values.type(parent).equals("M")) {
            ((ObjectNode) payload).set(name, value);
            return true;
        }
        if (last instanceof Integer index && Values.type(parent).equals("L")) {
            ArrayNode list = (ArrayNode) payload;
            if (index < list.size()) {
                list.set(index, value);
            } else {
                list.add(value);
            }
            return true;
        }
        return false;
    }

    /** Removes the value if present. */
    void remove(ObjectNode item) {
        if (elements.size() == 1) {
            item.remove(topName());
            return;
        }
        JsonNode parent = new DocumentPath(elements.subList(0, elements.size() - 1)).get(item);
        if (parent == null) {
            return;
        }
        Object last = elements.get(elements.size() - 1);
        JsonNode payload = Values.payload(parent);
        if (last instanceof String name && Values.type(parent).equals("M")) {
            ((ObjectNode) payload).remove(name);
        } else if (last instanceof Integer index && Values.type(parent).equals("L") && index < payload.size()) {
            ((ArrayNode) payload).remove(index);
        }
    }

    /** Whether two paths overlap (one is a prefix of the other): DynamoDB rejects such pairs in one update. */
    boolean overlaps(DocumentPath other) {
        int n = Math.min(elements.size(), other.elements.size());
        return elements.subList(0, n).equals(other.elements.subList(0, n));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(topName());
        for (int i = 1; i < elements.size(); i++) {
            Object e = elements.get(i);
            sb.append(e instanceof Integer ? "[" + e + "]" : "." + e);
        }
        return sb.toString();
    }
}
