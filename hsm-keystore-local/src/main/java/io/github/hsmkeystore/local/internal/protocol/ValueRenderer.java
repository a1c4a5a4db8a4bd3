package io.github.hsmkeystore.local.internal.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A request value as the AWS JSON services print it in a validation message: Java's {@code toString} of the
 * deserialised value ({@code [a, b]}, {@code {k=v}}, {@code Shape(member=value, ...)}, {@code java.nio.HeapByteBuffer[...]};
 * docs/dynamodb-validation.md, "Value rendering"). Bounded: a rendering longer than {@link #MAX_CHARS} is cut.
 */
public final class ValueRenderer {
    /** The longest value a message shows (a hostile request may hold megabytes). */
    static final int MAX_CHARS = 64 * 1024;

    private final Set<String> opaqueShapes;

    /**
     * @param opaqueShapes structures the service prints as {@code package.Shape@hash} (no {@code toString} of their own,
     *                     e.g. DynamoDB's {@code AttributeValue})
     */
    public ValueRenderer(Set<String> opaqueShapes) {
        this.opaqueShapes = Set.copyOf(opaqueShapes);
    }

    String render(Shape s, JsonNode v) {
        StringBuilder out = new StringBuilder();
        append(out, s, v);
        return out.length() > MAX_CHARS ? out.substring(0, MAX_CHARS) + "..." : out.toString();
    }

    private void append(StringBuilder out, Shape s, JsonNode v) {
        if (out.length() > MAX_CHARS) {
            return;
        }
        if (v == null || v.isNull()) {
            out.append("null");
            return;
        }
        switch (s.type()) {
            case LIST -> {
                out.append('[');
                for (int i = 0; i < v.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    append(out, s.member(), v.get(i));
                }
                out.append(']');
            }
            case MAP -> {
                out.append('{');
                boolean first = true;
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.append(first ? "" : ", ").append(e.getKey()).append('=');
                    append(out, s.value(), e.getValue());
                    first = false;
                }
                out.append('}');
            }
            case STRUCTURE -> {
                if (opaqueShapes.contains(s.name())) {
                    out.append(s.javaType()).append('@').append(Integer.toHexString(v.hashCode()));
                    return;
                }
                out.append(s.name()).append('(');
                boolean first = true;
                for (Map.Entry<String, Shape> m : s.members().entrySet()) {
                    out.append(first ? "" : ", ").append(JsonRequest.camel(m.getKey())).append('=');
                    append(out, m.getValue(), v.get(m.getKey()));
                    first = false;
                }
                out.append(')');
            }
            case BLOB -> {
                int n = v.isTextual() ? v.textValue().length() / 4 * 3
                        - (v.textValue().endsWith("==") ? 2 : v.textValue().endsWith("=") ? 1 : 0) : 0;
                out.append("java.nio.HeapByteBuffer[pos=0 lim=").append(n).append(" cap=").append(n).append(']');
            }
            default -> out.append(v.isTextual() ? v.textValue() : v.asText());
        }
    }
}
