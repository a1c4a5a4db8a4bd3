package io.github.hsmkeystore.local.internal.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hsmkeystore.local.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * An AWS API model in botocore's {@code service-2.json} form (documentation strings may be left out), loaded from a
 * (gzipped or plain) class-path resource: every
 * shape linked to its members, patterns compiled once, and each operation's input shape.
 */
public final class ServiceModel {
    private final String targetPrefix;
    private final Map<String, Shape> shapes;
    private final Map<String, Shape> inputs;

    private ServiceModel(String targetPrefix, Map<String, Shape> shapes, Map<String, Shape> inputs) {
        this.targetPrefix = targetPrefix;
        this.shapes = shapes;
        this.inputs = inputs;
    }

    /**
     * Loads a model from a class-path resource ({@code .json.gz} or {@code .json}).
     *
     * @param resource the absolute resource name
     * @param javaPackage the package the service's own messages give its shapes ({@code com.amazonaws.dynamodb.v20120810})
     */
    public static ServiceModel load(String resource, String javaPackage) {
        try (InputStream raw = ServiceModel.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("API model resource missing: " + resource);
            }
            InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw, 64 * 1024) : raw;
            return parse(Json.readTree(in), javaPackage);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read API model " + resource, e);
        }
    }

    static ServiceModel parse(JsonNode model, String javaPackage) {
        JsonNode shapeNodes = model.path("shapes");
        Map<String, Shape> shapes = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = shapeNodes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Shape.Type type = Shape.Type.valueOf(e.getValue().path("type").asText().toUpperCase(Locale.ROOT));
            shapes.put(e.getKey(), new Shape(e.getKey(), type, javaPackage));
        }
        for (Shape s : shapes.values()) {
            link(s, shapeNodes.get(s.name()), shapes);
        }
        for (Shape s : shapes.values()) {
            s.constrained = constrained(s);
        }
        Map<String, Shape> inputs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = model.path("operations").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String input = e.getValue().path("input").path("shape").asText(null);
            inputs.put(e.getKey(), input == null ? null : shapes.get(input));
        }
        return new ServiceModel(model.path("metadata").path("targetPrefix").asText(""),
                Collections.unmodifiableMap(shapes), Collections.unmodifiableMap(inputs));
    }

    private static void link(Shape s, JsonNode node, Map<String, Shape> shapes) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("members").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            s.members.put(m.getKey(), ref(shapes, m.getValue()));
            s.memberPathNames.put(m.getKey(), io.github.hsmkeystore.local.internal.JsonRequest.camel(m.getKey()));
        }
        node.path("required").forEach(r -> s.required.add(r.asText()));
        if (node.has("member")) {
            s.member = ref(shapes, node.get("member"));
        }
        if (node.has("key")) {
            s.key = ref(shapes, node.get("key"));
        }
        if (node.has("value")) {
            s.value = ref(shapes, node.get("value"));
        }
        if (node.has("min")) {
            s.min = new BigDecimal(node.get("min").asText());
        }
        if (node.has("max")) {
            s.max = new BigDecimal(node.get("max").asText());
        }
        if (node.has("pattern")) {
            s.patternText = node.get("pattern").asText();
            s.pattern = Pattern.compile(s.patternText);
        }
        if (node.has("enum")) {
            List<String> values = new ArrayList<>();
            node.get("enum").forEach(v -> values.add(v.asText()));
            s.enumSet = Set.copyOf(values);
            Collections.sort(values);
            s.enumValues = List.copyOf(values);
        }
        s.sensitive = node.path("sensitive").asBoolean(false);
    }

    private static Shape ref(Map<String, Shape> shapes, JsonNode ref) {
        Shape target = shapes.get(ref.path("shape").asText());
        if (target == null) {
            throw new IllegalStateException("API model refers to an unknown shape: " + ref);
        }
        return target;
    }

    /** Whether any shape reachable from this one (itself included) carries a constraint. */
    private static boolean constrained(Shape start) {
        Set<Shape> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<Shape> todo = new java.util.ArrayDeque<>();
        todo.add(start);
        while (!todo.isEmpty()) {
            Shape s = todo.poll();
            if (!seen.add(s)) {
                continue;
            }
            if (s.hasOwnConstraints() || !s.required.isEmpty()) {
                return true;
            }
            todo.addAll(s.members.values());
            for (Shape child : new Shape[] {s.member, s.key, s.value}) {
                if (child != null) {
                    todo.add(child);
                }
            }
        }
        return false;
    }

    /** The {@code X-Amz-Target} prefix of the service, e.g. {@code DynamoDB_20120810}. */
    public String targetPrefix() {
        return targetPrefix;
    }

    /** The operations of the model, in model order. */
    public Set<String> operations() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(inputs.keySet()));
    }

    /** Whether the model has this operation. */
    public boolean hasOperation(String operation) {
        return inputs.containsKey(operation);
    }

    /** The input shape of an operation; null when the operation has none or is not in the model. */
    public Shape input(String operation) {
        return inputs.get(operation);
    }

    /** A shape by name; null when the model has none. */
    public Shape shape(String name) {
        return shapes.get(name);
    }
}
