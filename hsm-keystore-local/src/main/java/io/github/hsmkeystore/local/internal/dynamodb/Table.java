package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import io.github.hsmkeystore.local.internal.AesGcm;

/**
 * One table: key schema, indexes, lifecycle and items. Items are stored encrypted (AES-GCM under the table key of
 * {@link TableSse}) in a map ordered by their primary key, so scans and their pagination are stable. Guarded by the
 * scope's lock.
 */
final class Table {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key schema: partition key and optional sort key, with their scalar types. */
    record KeySchema(String hashKey, String hashType, String rangeKey, String rangeType) {
        boolean hasRange() {
            return rangeKey != null;
        }
    }

    /** A GSI or LSI. {@code projectionType} is ALL, KEYS_ONLY or INCLUDE. */
    record Index(String name, boolean global, KeySchema keys, String projectionType, List<String> nonKeyAttributes) {
    }

    final String name;
    final String arn;
    final Instant created;
    final KeySchema keys;
    final Map<String, String> attributeTypes;
    final Map<String, Index> indexes = new LinkedHashMap<>();
    final String tableId = java.util.UUID.randomUUID().toString();
    String billingMode;
    long readCapacity;
    long writeCapacity;
    String status = "CREATING";
    Instant statusDue;
    TableSse sse;
    boolean archived;
    Instant deletionDue;
    /** Deletion protection, table class, tags, TTL, PITR and GSI state (TableSettings). */
    final TableSettings settings = new TableSettings();
    private final TreeMap<String, byte[]> items = new TreeMap<>();
    private long sizeBytes;

    Table(String name, String arn, Instant created, KeySchema keys, Map<String, String> attributeTypes) {
        this.name = name;
        this.arn = arn;
        this.created = created;
        this.keys = keys;
        this.attributeTypes = attributeTypes;
    }

    int itemCount() {
        return items.size();
    }

    long sizeBytes() {
        return sizeBytes;
    }

    /** The canonical, order-preserving storage key of an item's primary key. */
    String storageKey(JsonNode hash, JsonNode range) {
        return canonical(hash) + (range == null ? "" : "\u0001" + canonical(range));
    }

    String storageKey(ObjectNode item) {
        return storageKey(item.get(keys.hashKey()), keys.hasRange() ? item.get(keys.rangeKey()) : null);
    }

    private static String canonical(JsonNode av) {
        String type = Values.type(av);
        String v = Values.payload(av).textValue();
        return type + ":" + (type.equals("N") ? Values.format(Values.number(v)) : v);
    }

    ObjectNode get(String storageKey, SecretKey key) {
        byte[] sealed = items.get(storageKey);
        return sealed == null ? null : open(sealed, key);
    }

    void put(String storageKey, ObjectNode item, SecretKey key) {
        byte[] sealed = seal(item, key);
        byte[] old = items.put(storageKey, sealed);
        sizeBytes += sealed.length - (old == null ? 0 : old.length);
    }

    void delete(String storageKey) {
        byte[] old = items.remove(storageKey);
        if (old != null) {
            sizeBytes -= old.length;
        }
    }

    /** Every item, decrypted, in primary-key order. */
    List<ObjectNode> all(SecretKey key) {
        List<ObjectNode> out = new ArrayList<>(items.size());
        items.values().forEach(sealed -> out.add(open(sealed, key)));
        return out;
    }

    /** Re-encrypts every item from one table key to another (a key switch). */
    void reencrypt(SecretKey from, SecretKey to) {
        items.replaceAll((k, sealed) -> seal(open(sealed, from), to));
    }

    /** Orders items for a Query or Scan of {@code index} (null: the table): by hash, then range, then table key. */
    Comparator<ObjectNode> order(KeySchema schema) {
        Comparator<ObjectNode> byHash = (a, b) -> canonical(a.get(schema.hashKey())).compareTo(canonical(b.get(schema.hashKey())));
        Comparator<ObjectNode> c = byHash;
        if (schema.hasRange()) {
            c = c.thenComparing((a, b) -> Values.compare(a.get(schema.rangeKey()), b.get(schema.rangeKey())));
        }
        return c.thenComparing(Comparator.comparing((ObjectNode it) -> storageKey(it)));
    }

    /** Items are bound to their table: a sealed item moved to another table does not decrypt. */
    private byte[] aad() {
        return tableId.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private byte[] seal(ObjectNode item, SecretKey key) {
        try {
            byte[] iv = new byte[AesGcm.IV_BYTES];
            RANDOM.nextBytes(iv);
            byte[] body = AesGcm.apply(Cipher.ENCRYPT_MODE, key, iv, Json.write(item), aad(), null);
            return ByteBuffer.allocate(12 + body.length).put(iv).put(body).array();
        } catch (GeneralSecurityException e) {
            throw AwsException.fault("InternalServerError", "Cannot encrypt an item: " + e.getClass().getSimpleName());
        }
    }

    private ObjectNode open(byte[] sealed, SecretKey key) {
        try {
            byte[] iv = java.util.Arrays.copyOf(sealed, AesGcm.IV_BYTES);
            byte[] body = java.util.Arrays.copyOfRange(sealed, AesGcm.IV_BYTES, sealed.length);
            byte[] plain = AesGcm.apply(Cipher.DECRYPT_MODE, key, iv, body, aad(), null);
            return (ObjectNode) Json.MAPPER.readTree(plain);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw AwsException.fault("InternalServerError", "Cannot decrypt an item: " + e.getClass().getSimpleName());
        }
    }
}
