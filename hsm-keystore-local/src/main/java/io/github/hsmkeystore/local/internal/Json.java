package io.github.hsmkeystore.local.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * JSON reading and writing for the AWS JSON protocols (blobs as base64, timestamps as epoch seconds), on Jackson's
 * streaming parser and generator only: trees are built and written here rather than through an {@code ObjectMapper},
 * whose start-up (about 400 classes and their introspection, some 250 ms in a cold JVM) the emulator's first answer
 * would otherwise pay (docs/benchmarks.md). Reading is strict: duplicate member names and anything after the value
 * are refused; the parser's own bounds (nesting depth, number and string length) apply.
 */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /**
     * Parses a request body. An empty body is an empty object (the SDKs send {@code {}}, curl may send nothing);
     * anything that is not a JSON object is a {@code SerializationException}.
     */
    public static ObjectNode parseBody(byte[] bytes) {
        if (bytes.length == 0) {
            return object();
        }
        try {
            JsonNode node = readTree(bytes);
            if (node == null) {
                return object();
            }
            if (!node.isObject()) {
                throw AwsException.serialization("Start of structure or map expected but found " + node.getNodeType());
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw AwsException.serialization("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw AwsException.serialization("Could not read the request body: " + e.getMessage());
        }
    }

    /** Parses one JSON value, or returns null when there is none (empty or blank input). */
    public static JsonNode readTree(byte[] bytes) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            return readTree(p);
        }
    }

    /** Parses one JSON value, or returns null when there is none (empty or blank input). */
    public static JsonNode readTree(String text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            return readTree(p);
        }
    }

    /** Parses one JSON value from a stream, which is closed, or returns null when there is none. */
    public static JsonNode readTree(InputStream in) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            return readTree(p);
        }
    }

    /** Builds the tree without recursion, so its depth is bounded by the parser's nesting limit alone. */
    private static JsonNode readTree(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            return null;
        }
        ArrayDeque<JsonNode> open = new ArrayDeque<>();
        JsonNode root = null;
        do {
            JsonNode node;
            switch (t) {
                case START_OBJECT -> node = NODES.objectNode();
                case START_ARRAY -> node = NODES.arrayNode();
                case END_OBJECT, END_ARRAY -> {
                    open.pop();
                    continue;
                }
                case FIELD_NAME -> {
                    continue;
                }
                case VALUE_STRING -> node = NODES.textNode(p.getText());
                case VALUE_NUMBER_INT -> node = switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> node = NODES.numberNode(p.getDoubleValue());
                case VALUE_TRUE -> node = NODES.booleanNode(true);
                case VALUE_FALSE -> node = NODES.booleanNode(false);
                case VALUE_NULL -> node = NODES.nullNode();
                default -> throw new JsonParseException(p, "Unexpected token " + t);
            }
            JsonNode parent = open.peek();
            if (parent == null) {
                root = node;
            } else if (parent instanceof ObjectNode o) {
                o.set(p.currentName(), node);
            } else {
                ((ArrayNode) parent).add(node);
            }
            if (node.isContainerNode()) {
                open.push(node);
            }
        } while (!open.isEmpty() && (t = p.nextToken()) != null);
        if (!open.isEmpty()) {
            throw new JsonParseException(p, "Unexpected end of input");
        }
        JsonToken trailing = p.nextToken();
        if (trailing != null) {
            throw new JsonParseException(p, "Trailing token (of type " + trailing + ") found after the value");
        }
        return root;
    }

    /** The compact JSON of a tree, UTF-8. */
    public static byte[] write(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialise a JSON tree", e);
        }
        return out.toByteArray();
    }

    /** The compact JSON of a tree, as {@link JsonNode#toString()} gives it. */
    public static String writeString(JsonNode node) {
        return writeString(node, false);
    }

    /** The JSON of a tree indented as Jackson's default pretty printer does (two spaces, {@code " : "}). */
    public static String writePretty(JsonNode node) {
        return writeString(node, true);
    }

    private static String writeString(JsonNode node, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialise a JSON tree", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
                    default -> g.writeNumber(node.doubleValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL, MISSING -> g.writeNull();
            case BINARY -> g.writeBinary(node.binaryValue());
            default -> throw new IllegalStateException("Not a JSON value: " + node.getNodeType());
        }
    }

    /** A text node. */
    public static JsonNode text(String value) {
        return NODES.textNode(value);
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static ArrayNode array(Collection<String> values) {
        ArrayNode a = array();
        values.forEach(a::add);
        return a;
    }

    public static ObjectNode object(Map<String, String> values) {
        ObjectNode o = object();
        values.forEach(o::put);
        return o;
    }

    /** Epoch seconds with millisecond precision, as the AWS JSON protocols send timestamps. */
    public static double epochSeconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
