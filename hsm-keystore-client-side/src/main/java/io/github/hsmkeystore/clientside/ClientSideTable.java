package io.github.hsmkeystore.clientside;

import io.github.hsmkeystore.clientside.internal.Failures;
import io.github.hsmkeystore.core.EncryptedTable;
import io.github.hsmkeystore.core.KmsKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * A typed table whose items are encrypted and signed by DB-ESDK in this process: the service stores ciphertext for
 * every ENCRYPT_AND_SIGN attribute. {@link #put}, {@link #get} and {@link #findByBeacon} turn the failures with a known
 * fix into typed exceptions ({@link KeyStoreDisconnectedException}, {@link KmsKeyDisabledException},
 * {@link BranchKeyMissingException}), other DB-ESDK failures (e.g. a signature that does not verify) into
 * {@link ClientSideEncryptionException}, and let DynamoDB service errors through unchanged; {@link #enhancedTable()} gives the full enhanced-client API (untranslated errors).
 *
 * @param <T> the item type
 */
public final class ClientSideTable<T> implements AutoCloseable {
    private final DynamoDbClient client;
    private final EncryptedTable table;
    private final TableSchema<T> schema;
    private final DynamoDbTable<T> enhanced;
    private final Map<String, AttributeAction> actions;
    private final ClientSideTableDefinition definition;
    private final KmsKey key;
    private final Keyring keyring;

    ClientSideTable(DynamoDbClient client, EncryptedTable table, TableSchema<T> schema, Map<String, AttributeAction> actions,
                    ClientSideTableDefinition definition, KmsKey key, Keyring keyring) {
        this.client = client;
        this.table = table;
        this.schema = schema;
        this.enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build().table(table.tableName(), schema);
        this.actions = Map.copyOf(actions);
        this.definition = definition;
        this.key = key;
        this.keyring = keyring;
    }

    /**
     * Encrypts, signs and writes an item.
     *
     * @param item the item
     */
    public void put(T item) {
        Objects.requireNonNull(item, "item must not be null");
        try {
            enhanced.putItem(item);
        } catch (RuntimeException e) {
            throw Failures.translate(e, key, "put on " + table.tableName());
        }
    }

    /**
     * Reads, verifies and decrypts an item.
     *
     * @param key the item's primary key
     * @return the item, or empty when there is none
     */
    public Optional<T> get(Key key) {
        Objects.requireNonNull(key, "key must not be null");
        try {
            return Optional.ofNullable(enhanced.getItem(key));
        } catch (RuntimeException e) {
            throw Failures.translate(e, this.key, "get on " + table.tableName());
        }
    }

    /**
     * Exact-match query on a standard beacon's GSI. DB-ESDK hashes {@code value} into the beacon; items that share the
     * truncated beacon but not the value (false positives, by design) are dropped here after decryption.
     *
     * @param beaconName a beacon of the definition
     * @param value the plaintext to match, e.g. the last four digits
     * @return the matching items
     */
    public List<T> findByBeacon(String beaconName, String value) {
        ClientSideTableDefinition.Beacon beacon = definition.beacons().stream().filter(b -> b.name().equals(beaconName))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("No beacon '" + beaconName + "' on table "
                        + table.tableName() + "; beacons: " + definition.beacons().stream()
                        .map(ClientSideTableDefinition.Beacon::name).toList()));
        Objects.requireNonNull(value, "value must not be null");
        List<T> out = new ArrayList<>();
        try {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = client.query(q -> q.tableName(table.tableName()).indexName(beacon.indexName())
                        .keyConditionExpression("#b = :v").expressionAttributeNames(Map.of("#b", beacon.name()))
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(value))).exclusiveStartKey(from));
                for (Map<String, AttributeValue> item : page.items()) {
                    AttributeValue source = item.get(beacon.source());
                    String plain = source == null ? null : source.s();
                    if (plain != null && (beacon.suffixLength() > 0
                            ? plain.length() >= beacon.suffixLength() && plain.endsWith(value)
                            && value.length() == beacon.suffixLength() : plain.equals(value))) {
                        out.add(schema.mapToItem(item));
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (RuntimeException e) {
            throw Failures.translate(e, key, "query of beacon " + beaconName + " on " + table.tableName());
        }
        return out;
    }

    /**
     * Returns the enhanced client's table on the intercepted client (full API; errors not translated).
     *
     * @return the enhanced client's table on the intercepted client (full API; errors not translated)
     */
    public DynamoDbTable<T> enhancedTable() {
        return enhanced;
    }

    /**
     * Returns the table as verified: encrypted at rest with the same KMS key.
     *
     * @return the table as verified: encrypted at rest with the same KMS key
     */
    public EncryptedTable table() {
        return table;
    }

    /**
     * Returns every attribute's action.
     *
     * @return every attribute's action
     */
    public Map<String, AttributeAction> actions() {
        return actions;
    }

    /**
     * Returns the keyring.
     *
     * @return the keyring
     */
    public Keyring keyring() {
        return keyring;
    }

    /**
     * Returns the algorithm suite.
     *
     * @return the algorithm suite
     */
    public AlgorithmSuite algorithmSuite() {
        return definition.algorithmSuite();
    }

    /** Closes the intercepted DynamoDB client this table built. */
    @Override
    public void close() {
        client.close();
    }
}
