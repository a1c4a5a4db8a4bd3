package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ExclusiveStartKey of a Query or Scan, checked against the key schema being paged before anything is read
 * (docs/dynamodb-transactions-and-limits.md, "ExclusiveStartKey"): exactly the table's key attributes, plus the index's
 * when IndexName is given, each of its declared type. Anything else is DynamoDB's ValidationException: "The provided
 * starting key is invalid" on Query, "...: The provided key element does not match the schema" on Scan.
 */
final class StartKeys {
    private StartKeys() {
    }

    static void check(Table t, Table.Index index, ObjectNode startKey, boolean query) {
        if (startKey == null) {
            return;
        }
        startKey.fields().forEachRemaining(e -> Values.validate(e.getValue(), e.getKey()));
        Map<String, String> expected = new LinkedHashMap<>();
        add(expected, t.keys, t);
        if (index != null) {
            add(expected, index.keys(), t);
        }
        boolean matches = startKey.size() == expected.size();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            JsonNode v = startKey.get(e.getKey());
            matches &= v != null && Values.type(v).equals(e.getValue());
        }
        if (!matches) {
            throw AwsException.validation(query ? "The provided starting key is invalid"
                    : "The provided starting key is invalid: The provided key element does not match the schema");
        }
    }

    private static void add(Map<String, String> expected, Table.KeySchema keys, Table t) {
        expected.put(keys.hashKey(), typeOf(t, keys.hashKey(), keys.hashType()));
        if (keys.hasRange()) {
            expected.put(keys.rangeKey(), typeOf(t, keys.rangeKey(), keys.rangeType()));
        }
    }

    private static String typeOf(Table t, String attribute, String declared) {
        return declared != null ? declared : t.attributeTypes.get(attribute);
    }
}
