package io.github.hsmkeystore.local.dynamodb;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A canonical text of DynamoDB items for comparing two implementations: attributes sorted by name, numbers by value
 * (DynamoDB does not keep a number's spelling), sets sorted; lists keep their order.
 */
final class Canonical {
    private Canonical() {
    }

    static String item(Map<String, AttributeValue> item) {
        if (item == null) {
            return "null";
        }
        return new TreeMap<>(item).entrySet().stream().map(e -> e.getKey() + "=" + value(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    static String items(List<Map<String, AttributeValue>> items) {
        return items.stream().map(Canonical::item).collect(Collectors.joining(",", "[", "]"));
    }

    /** Items in key order ({@code pk}, then {@code sk} by number): for scans, whose order differs between engines. */
    static String itemsByKey(List<Map<String, AttributeValue>> items) {
        return items.stream().sorted((a, b) -> {
            int c = a.get("pk").s().compareTo(b.get("pk").s());
            return c != 0 ? c : new BigDecimal(a.get("sk").n()).compareTo(new BigDecimal(b.get("sk").n()));
        }).map(Canonical::item).collect(Collectors.joining(",", "[", "]"));
    }

    static String value(AttributeValue v) {
        switch (v.type()) {
            case S:
                return "S:" + v.s();
            case N:
                return "N:" + number(v.n());
            case B:
                return "B:" + Base64.getEncoder().encodeToString(v.b().asByteArray());
            case BOOL:
                return "BOOL:" + v.bool();
            case NUL:
                return "NULL";
            case SS:
                return "SS:" + v.ss().stream().sorted().toList();
            case NS:
                return "NS:" + v.ns().stream().map(n -> new BigDecimal(n)).sorted().map(Canonical::number).toList();
            case BS:
                return "BS:" + v.bs().stream().map(b -> Base64.getEncoder().encodeToString(b.asByteArray())).sorted().toList();
            case M:
                return "M:" + item(v.m());
            case L:
                return "L:" + v.l().stream().map(Canonical::value).toList();
            default:
                return "?";
        }
    }

    private static String number(String n) {
        return number(new BigDecimal(n));
    }

    private static String number(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.signum() == 0 ? "0" : s.toPlainString();
    }
}
