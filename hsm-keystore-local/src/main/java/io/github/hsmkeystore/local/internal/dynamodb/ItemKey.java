package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key of the ordered item store: the components of a primary key (partition, then sort key) or of an index entry
 * (index partition key, index sort key, then the table's primary key), compared one by one in DynamoDB's order: N by
 * numeric value, S by the unsigned bytes of its UTF-8 encoding, B by unsigned bytes (docs/dynamodb-storage.md,
 * "Ordering"). A key that is a prefix of another sorts before it; {@link #MIN} and {@link #MAX} components sort before
 * and after every value, so ranges such as "every sort key of one partition" are bounds of a sorted map.
 */
final class ItemKey implements Comparable<ItemKey> {
    /** One component: a scalar key value (type S, N or B), or a MIN / MAX sentinel. */
    static final class Part implements Comparable<Part> {
        private final char type;
        private final BigDecimal number;
        private final byte[] bytes;

        private Part(char type, BigDecimal number, byte[] bytes) {
            this.type = type;
            this.number = number;
            this.bytes = bytes;
        }

        /** A scalar attribute value as a key component; null when it is not S, N or B. */
        static Part of(JsonNode av) {
            if (av == null || !av.isObject() || av.size() != 1) {
                return null;
            }
            String type = Values.type(av);
            JsonNode payload = Values.payload(av);
            if (!payload.isTextual()) {
                return null;
            }
            return switch (type) {
                case "S" -> new Part('S', null, payload.textValue().getBytes(StandardCharsets.UTF_8));
                case "N" -> new Part('N', Values.number(payload.textValue()).stripTrailingZeros(), null);
                case "B" -> new Part('B', null, Values.bytes(payload.textValue()));
                default -> null;
            };
        }

        /** The component as an attribute value ({@code {"N": "1.5"}}); only for S, N and B components. */
        ObjectNode toAttributeValue() {
            return switch (type) {
                case 'N' -> Values.n(number);
                case 'S' -> Values.s(new String(bytes, StandardCharsets.UTF_8));
                case 'B' -> Json.object().put("B", java.util.Base64.getEncoder().encodeToString(bytes));
                default -> throw new IllegalStateException("a bound has no attribute value");
            };
        }

        /**
         * For a prefix (S or B): the smallest value above every value that starts with it, or null when there is
         * none (a prefix of 0xFF bytes); the values with this prefix are {@code [this, prefixEnd())}.
         */
        Part prefixEnd() {
            if (bytes == null) {
                return null;
            }
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] == (byte) 0xff) {
                end--;
            }
            if (end == 0) {
                return null;
            }
            byte[] next = Arrays.copyOf(bytes, end);
            next[end - 1]++;
            return new Part(type, null, next);
        }

        boolean isSentinel() {
            return type == '\u0000' || type == '\uffff';
        }

        @Override
        public int compareTo(Part o) {
            if (type != o.type) {
                return Character.compare(type, o.type); // sentinels are '\u0000' and '\uffff'
            }
            return switch (type) {
                case 'N' -> number.compareTo(o.number);
                case 'S', 'B' -> Values.compareBytes(bytes, o.bytes);
                default -> 0;
            };
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Part p && compareTo(p) == 0;
        }

        @Override
        public int hashCode() {
            return type == 'N' ? number.hashCode() : 31 * type + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return switch (type) {
                case 'N' -> "N:" + number.toPlainString();
                case 'S' -> "S:" + new String(bytes, StandardCharsets.UTF_8);
                case 'B' -> "B:" + java.util.Base64.getEncoder().encodeToString(bytes);
                default -> type == '\u0000' ? "MIN" : "MAX";
            };
        }
    }

    static final Part MIN = new Part('\u0000', null, null);
    static final Part MAX = new Part('\uffff', null, null);

    private final Part[] parts;

    ItemKey(Part... parts) {
        this.parts = parts;
    }

    /** The key of {@code item} under {@code schema}; null when a key attribute is missing or not a scalar. */
    static ItemKey of(JsonNode item, Table.KeySchema schema) {
        Part hash = Part.of(item.get(schema.hashKey()));
        if (hash == null) {
            return null;
        }
        if (!schema.hasRange()) {
            return new ItemKey(hash);
        }
        Part range = Part.of(item.get(schema.rangeKey()));
        return range == null ? null : new ItemKey(hash, range);
    }

    /** This key followed by {@code more} components. */
    ItemKey append(Part... more) {
        Part[] all = Arrays.copyOf(parts, parts.length + more.length);
        System.arraycopy(more, 0, all, parts.length, more.length);
        return new ItemKey(all);
    }

    /** This key followed by the components of {@code other}. */
    ItemKey append(ItemKey other) {
        return append(other.parts);
    }

    /** Component {@code i}. */
    Part component(int i) {
        return parts[i];
    }

    /** The first component: the partition key (of the table, or of the index for an index entry). */
    Part partition() {
        return parts[0];
    }

    @Override
    public int compareTo(ItemKey o) {
        int n = Math.min(parts.length, o.parts.length);
        for (int i = 0; i < n; i++) {
            int c = parts[i].compareTo(o.parts[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(parts.length, o.parts.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemKey k && compareTo(k) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parts);
    }

    @Override
    public String toString() {
        return Arrays.toString(parts);
    }
}
