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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import javax.crypto.Cipher;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.SecretKey;
import io.github.hsmkeystore.local.internal.AesGcm;

/**
 * One table: key schema, indexes, lifecycle and items (docs/dynamodb-storage.md). Items are stored encrypted (AES-GCM
 * under the table key of {@link TableSse}), found by their primary key in a hash map, and kept in DynamoDB's key
 * order in a sorted map (partition key, then sort key), so a Query reads O(log n + page) entries and decrypts only
 * those it reads. Each secondary index is a sorted map of its own, from (index partition key, index sort key, table
 * primary key) to the item, updated on every write. Guarded by {@link #lock}: every request holds the locks of the
 * tables it touches for its whole duration, and nothing else.
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

    /** One stored item: its primary key, its sealed bytes and its entries in the indexes. */
    static final class Stored {
        final ItemKey key;
        private byte[] sealed;
        /** Index name to this item's entry key there; null while the item is in no index. */
        private Map<String, ItemKey> indexKeys;

        private Stored(ItemKey key) {
            this.key = key;
        }
    }

    final String name;
    final String arn;
    final Instant created;
    final KeySchema keys;
    final Map<String, String> attributeTypes;
    final Map<String, Index> indexes = new LinkedHashMap<>();
    final String tableId = java.util.UUID.randomUUID().toString();
    /** Held by every request on this table for its whole duration; multi-table requests take them in name order. */
    final ReentrantLock lock = new ReentrantLock();
    String billingMode;
    long readCapacity;
    long writeCapacity;
    volatile String status = "CREATING";
    volatile Instant statusDue;
    TableSse sse;
    boolean archived;
    volatile Instant deletionDue;
    private final Map<String, Stored> byKey = new HashMap<>();
    private final TreeMap<ItemKey, Stored> ordered = new TreeMap<>();
    private final Map<String, TreeMap<ItemKey, Stored>> indexEntries = new HashMap<>();
    /** Deletion protection, table class, tags, TTL, PITR and GSI state (TableSettings). */
    final TableSettings settings = new TableSettings();
    private long sizeBytes;
    private long decryptions;
    /** Counts item writes: what DescribeTable computed from the items stays valid while it does not change. */
    private long writes;
    /** DescribeTable's sizes and the write count they were computed at (TableDescriptions). */
    TableDescriptions.Sizes cachedSizes;
    long cachedSizesAt = -1;
    java.util.Set<String> cachedSizesIndexes = java.util.Set.of();

    Table(String name, String arn, Instant created, KeySchema keys, Map<String, String> attributeTypes) {
        this.name = name;
        this.arn = arn;
        this.created = created;
        this.keys = keys;
        this.attributeTypes = attributeTypes;
    }

    int itemCount() {
        return byKey.size();
    }

    long sizeBytes() {
        return sizeBytes;
    }

    /** How many item writes (puts and deletes) this table has had. */
    long writes() {
        return writes;
    }

    /** How many items were decrypted so far (tests: a Query decrypts only what it reads). */
    long decryptions() {
        return decryptions;
    }

    /** The unique storage key of an item's primary key (a hash-map key; the order is {@link ItemKey}'s). */
    String storageKey(JsonNode hash, JsonNode range) {
        return canonical(hash) + (range == null ? "" : canonical(range));
    }

    String storageKey(ObjectNode item) {
        return storageKey(item.get(keys.hashKey()), keys.hasRange() ? item.get(keys.rangeKey()) : null);
    }

    private static String canonical(JsonNode av) {
        String type = Values.type(av);
        String v = Values.payload(av).textValue();
        String text = type.equals("N") ? Values.format(Values.number(v)) : v;
        return type + text.length() + ":" + text; // length-prefixed: no two keys share a storage key
    }

    ObjectNode get(String storageKey, SecretKey key) {
        Stored stored = byKey.get(storageKey);
        return stored == null ? null : open(stored, key);
    }

    void put(String storageKey, ObjectNode item, SecretKey key) {
        ensureIndexes(key);
        byte[] sealed = seal(item, key);
        Stored stored = byKey.get(storageKey);
        if (stored == null) {
            stored = new Stored(ItemKey.of(item, keys));
            byKey.put(storageKey, stored);
            ordered.put(stored.key, stored);
        } else {
            unindex(stored);
            sizeBytes -= stored.sealed.length;
        }
        stored.sealed = sealed;
        sizeBytes += sealed.length;
        writes++;
        for (Index index : indexes.values()) {
            index(index, stored, item);
        }
    }

    void delete(String storageKey) {
        Stored old = byKey.remove(storageKey);
        if (old != null) {
            ordered.remove(old.key);
            unindex(old);
            sizeBytes -= old.sealed.length;
            writes++;
        }
    }

    /** Every item, decrypted, in primary-key order. */
    List<ObjectNode> all(SecretKey key) {
        List<ObjectNode> out = new ArrayList<>(ordered.size());
        ordered.values().forEach(stored -> out.add(open(stored, key)));
        return out;
    }

    /** Re-encrypts every item from one table key to another (a key switch). */
    void reencrypt(SecretKey from, SecretKey to) {
        for (Stored stored : ordered.values()) {
            stored.sealed = seal(open(stored, from), to);
        }
    }

    /**
     * The entries of the table ({@code index} null) or of an index between two bounds (null: unbounded), in key order
     * or reversed, without decrypting anything: keys are the positions (primary keys, or index entry keys).
     */
    NavigableMap<ItemKey, Stored> range(Index index, ItemKey low, boolean lowInclusive, ItemKey high, boolean highInclusive,
                                        boolean descending, SecretKey key) {
        NavigableMap<ItemKey, Stored> map = index == null ? ordered : indexMap(index, key);
        if (low != null && high != null) {
            int c = low.compareTo(high);
            if (c > 0 || (c == 0 && !(lowInclusive && highInclusive))) {
                return java.util.Collections.emptyNavigableMap();
            }
            map = map.subMap(low, lowInclusive, high, highInclusive);
        } else if (low != null) {
            map = map.tailMap(low, lowInclusive);
        } else if (high != null) {
            map = map.headMap(high, highInclusive);
        }
        return descending ? map.descendingMap() : map;
    }

    /** Decrypts one stored item. */
    ObjectNode open(Stored stored, SecretKey key) {
        return open(stored.sealed, key);
    }

    private NavigableMap<ItemKey, Stored> indexMap(Index index, SecretKey key) {
        ensureIndexes(key);
        return indexEntries.get(index.name());
    }

    /** Builds the entries of indexes added since the last write (backfill: decrypts every item once). */
    private void ensureIndexes(SecretKey key) {
        if (indexEntries.size() == indexes.size() && indexEntries.keySet().containsAll(indexes.keySet())) {
            return;
        }
        indexEntries.keySet().retainAll(indexes.keySet());
        for (Index index : indexes.values()) {
            if (!indexEntries.containsKey(index.name())) {
                indexEntries.put(index.name(), new TreeMap<>());
                for (Stored stored : ordered.values()) {
                    index(index, stored, open(stored, key));
                }
            }
        }
    }

    /** Forgets the entries of an index that UpdateTable deleted, so an index created later under its name is rebuilt. */
    void dropIndexEntries(String indexName) {
        indexEntries.remove(indexName);
    }

    /** Adds the index entry of an item, if it has the index's key attributes with their defined types (sparse index). */
    private void index(Index index, Stored stored, ObjectNode item) {
        TreeMap<ItemKey, Stored> entries = indexEntries.get(index.name());
        if (entries == null || !hasTypedKey(item, index.keys())) {
            return;
        }
        ItemKey entry = ItemKey.of(item, index.keys()).append(stored.key);
        entries.put(entry, stored);
        if (stored.indexKeys == null) {
            stored.indexKeys = new HashMap<>(4);
        }
        stored.indexKeys.put(index.name(), entry);
    }

    private boolean hasTypedKey(ObjectNode item, KeySchema schema) {
        JsonNode hash = item.get(schema.hashKey());
        if (hash == null || !Values.type(hash).equals(schema.hashType())) {
            return false;
        }
        JsonNode range = schema.hasRange() ? item.get(schema.rangeKey()) : null;
        return !schema.hasRange() || (range != null && Values.type(range).equals(schema.rangeType()));
    }

    private void unindex(Stored stored) {
        if (stored.indexKeys == null) {
            return;
        }
        stored.indexKeys.forEach((indexName, entry) -> {
            TreeMap<ItemKey, Stored> entries = indexEntries.get(indexName);
            if (entries != null) {
                entries.remove(entry);
            }
        });
        stored.indexKeys = null;
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
        decryptions++;
        try {
            byte[] iv = java.util.Arrays.copyOf(sealed, AesGcm.IV_BYTES);
            byte[] body = java.util.Arrays.copyOfRange(sealed, AesGcm.IV_BYTES, sealed.length);
            byte[] plain = AesGcm.apply(Cipher.DECRYPT_MODE, key, iv, body, aad(), null);
            return (ObjectNode) Json.readTree(plain);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw AwsException.fault("InternalServerError", "Cannot decrypt an item: " + e.getClass().getSimpleName());
        }
    }
}
