package io.github.hsmkeystore.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.protocol.ServiceModel;
import io.github.hsmkeystore.local.internal.protocol.Shape;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Broken request bodies generated from an API model, shared by the hostile-input tests of every protocol: a body built
 * from the operation's input shape by {@link ModelBodies}, then broken in one of the {@link Hostility} ways. No such
 * body may be answered with anything but a 4xx.
 */
public final class HostileBodies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The ways a body is broken; each one is fatal to the request. */
    public enum Hostility { WRONG_KIND, HUGE_STRING, HUGE_LIST, DEEP_NESTING, TRUNCATED, GARBAGE }

    private final ServiceModel model;
    private final Set<String> unions;
    private final String nestingOpener;
    private final int hugeUnit;

    /**
     * @param unions structures holding exactly one member (see {@link ModelBodies})
     * @param nestingOpener besides {@code [}, what opens one level of {@link Hostility#DEEP_NESTING} (e.g. {@code {"M":})
     * @param hugeUnit a {@link Hostility#HUGE_STRING} is 1 to 3 times this many characters (below the service's body
     *                 limit, so that the operation's own checks see it, or above it, so that the HTTP layer refuses it)
     */
    public HostileBodies(ServiceModel model, Set<String> unions, String nestingOpener, int hugeUnit) {
        this.model = model;
        this.unions = unions;
        this.nestingOpener = nestingOpener;
        this.hugeUnit = hugeUnit;
    }

    /** A body that no request may be answered for with anything but a 4xx. */
    public byte[] hostile(String operation, Hostility hostility, Random random) throws Exception {
        Shape input = model.input(operation);
        ModelBodies bodies = new ModelBodies(random, 5, unions);
        ObjectNode body = input == null ? NODES.objectNode() : bodies.body(input);
        boolean hasMembers = input != null && !input.members().isEmpty();
        switch (hostility) {
            case WRONG_KIND, HUGE_STRING, HUGE_LIST -> {
                if (!hasMembers) {
                    return truncated(body, random);
                }
                List<ModelBodies.Slot> slots = bodies.slots();
                ModelBodies.Slot slot;
                if (slots.isEmpty()) {
                    Map.Entry<String, Shape> m = List.copyOf(input.members().entrySet()).get(random.nextInt(input.members().size()));
                    slot = new ModelBodies.Slot(m.getValue(), v -> body.set(m.getKey(), v));
                } else {
                    slot = slots.get(random.nextInt(slots.size()));
                }
                slot.replace().accept(switch (hostility) {
                    case WRONG_KIND -> bodies.wrongKind(slot.shape());
                    case HUGE_STRING -> hugeString(slot.shape(), random);
                    default -> hugeList(slot.shape(), bodies, random);
                });
                return JSON.writeValueAsBytes(body);
            }
            case DEEP_NESTING -> {
                int depth = 10_000 + random.nextInt(40_000);
                String open = random.nextBoolean() ? "[" : nestingOpener;
                String member = input == null || input.members().isEmpty() ? "X"
                        : List.copyOf(input.members().keySet()).get(random.nextInt(input.members().size()));
                return ("{\"" + member + "\":" + open.repeat(depth)).getBytes(StandardCharsets.UTF_8);
            }
            case TRUNCATED -> {
                return truncated(body, random);
            }
            default -> {
                byte[] garbage = new byte[1 + random.nextInt(4096)];
                random.nextBytes(garbage);
                garbage[0] = '{';
                return garbage;
            }
        }
    }

    /** The body cut before its closing brace: never valid JSON. */
    private static byte[] truncated(ObjectNode body, Random random) throws Exception {
        byte[] full = JSON.writeValueAsBytes(body);
        int cut = full.length <= 2 ? 1 : 1 + random.nextInt(full.length - 1);
        return Arrays.copyOf(full, cut);
    }

    /** Megabytes of string where the shape does not take a string, or past its maximum length. */
    private JsonNode hugeString(Shape s, Random random) {
        String huge = "h".repeat((1 + random.nextInt(3)) * hugeUnit);
        boolean fatalAsString = s.type() != Shape.Type.STRING
                || (s.max() != null && s.max().intValueExact() < huge.length());
        return fatalAsString ? NODES.textNode(huge) : NODES.arrayNode().add(huge);
    }

    /** Up to 200k well-typed elements, then one of the wrong kind: the checker must read to the end. */
    private static JsonNode hugeList(Shape s, ModelBodies bodies, Random random) {
        int n = 10_000 + random.nextInt(190_000);
        if (s.type() != Shape.Type.LIST) {
            ArrayNode a = NODES.arrayNode(); // an array where the shape takes none
            for (int i = 0; i < n; i++) {
                a.add(i);
            }
            return a;
        }
        ArrayNode a = NODES.arrayNode();
        JsonNode element = s.member().type() == Shape.Type.STRING ? NODES.textNode("e") : NODES.objectNode();
        for (int i = 0; i < n; i++) {
            a.add(element);
        }
        a.add(bodies.wrongKind(s.member()));
        return a;
    }
}
