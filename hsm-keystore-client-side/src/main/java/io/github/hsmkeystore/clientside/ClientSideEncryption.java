package io.github.hsmkeystore.clientside;

import io.github.hsmkeystore.clientside.internal.AttributeActions;
import io.github.hsmkeystore.clientside.internal.EncryptionConfigs;
import io.github.hsmkeystore.clientside.internal.TableCreation;
import io.github.hsmkeystore.core.EncryptedTable;
import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KmsKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.DynamoDbEncryptionInterceptor;

/**
 * Client-side encryption of attributes with the AWS Database Encryption SDK for DynamoDB, on a KMS key provisioned by
 * hsm-keystore (typically CloudHSM-backed): sensitive attributes are encrypted before they leave the service.
 *
 * <pre>{@code
 * ClientSideEncryption cse = ClientSideEncryption.builder()
 *         .clients(dynamoDb, kms).tables(EncryptedTableFactory.create(dynamoDb, kms))
 *         .clientBuilder(DynamoDbClient::builder)          // how to build the client that carries the interceptor
 *         .key(key)
 *         .keyring(Keyring.hierarchical(branchKeys, branchKeyId, Duration.ofMinutes(5)))
 *         .build();
 * try (ClientSideTable<Product> products = cse.table("products", Product.class,
 *         d -> d.algorithmSuite(AlgorithmSuite.SYMMETRIC_SIGNATURE_ONLY).suffixBeacon("cardLast4", "creditCard", 4, 10))) {
 *     products.put(product);
 * }
 * }</pre>
 *
 * <p>The plain clients are the caller's and never closed; each {@link ClientSideTable} owns the intercepted client it
 * builds.
 */
public final class ClientSideEncryption {
    private final DynamoDbClient dynamoDb;
    private final KmsClient kms;
    private final EncryptedTableFactory tables;
    private final Supplier<DynamoDbClientBuilder> clientBuilder;
    private final KmsKey key;
    private final Keyring keyring;

    private ClientSideEncryption(Builder b) {
        this.dynamoDb = b.dynamoDb;
        this.kms = b.kms;
        this.tables = b.tables != null ? b.tables : EncryptedTableFactory.create(b.dynamoDb, b.kms);
        this.clientBuilder = b.clientBuilder;
        this.key = b.key;
        this.keyring = b.keyring;
    }

    /**
     * Returns a new builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens a bean type's table: see {@link #table(String, TableSchema, Consumer)}.
     *
     * @param <T> the item type
     * @param tableName the table
     * @param beanClass an enhanced-client bean, optionally annotated with DB-ESDK's action annotations
     * @param definition explicit actions, suite and beacons
     * @return the verified table
     */
    public <T> ClientSideTable<T> table(String tableName, Class<T> beanClass,
                                        Consumer<ClientSideTableDefinition.Builder> definition) {
        return table(tableName, TableSchema.fromBean(beanClass), definition);
    }

    /**
     * Creates the table encrypted at rest with the key (with one GSI per beacon), or verifies the existing one, then
     * returns a typed table whose client encrypts and signs each item per its attribute actions.
     *
     * @param <T> the item type
     * @param tableName the table
     * @param schema the item type's schema
     * @param definition explicit actions, suite and beacons
     * @return the verified table
     * @throws IllegalArgumentException for an action on an unknown or key attribute, or beacons without the
     *     hierarchical keyring
     * @throws io.github.hsmkeystore.core.TableEncryptionException if the table exists on another key
     */
    public <T> ClientSideTable<T> table(String tableName, TableSchema<T> schema,
                                        Consumer<ClientSideTableDefinition.Builder> definition) {
        Objects.requireNonNull(tableName, "tableName must not be null");
        Objects.requireNonNull(schema, "schema must not be null");
        ClientSideTableDefinition.Builder b = ClientSideTableDefinition.builder();
        definition.accept(b);
        ClientSideTableDefinition def = b.build();
        Map<String, AttributeAction> actions = AttributeActions.of(schema, def.actions());
        for (ClientSideTableDefinition.Beacon beacon : def.beacons()) {
            if (actions.get(beacon.source()) != AttributeAction.ENCRYPT_AND_SIGN) {
                throw new IllegalArgumentException("Beacon " + beacon.name() + " on '" + beacon.source()
                        + "': a standard beacon needs an ENCRYPT_AND_SIGN attribute, not " + actions.get(beacon.source()));
            }
        }
        if (!def.beacons().isEmpty() && !keyring.isHierarchical()) {
            throw new IllegalArgumentException("Beacons need a beacon key from a key store: use Keyring.hierarchical");
        }
        EncryptedTable table = TableCreation.createOrVerify(tables, dynamoDb, tableName, schema.tableMetadata(), key,
                def.beacons());
        DynamoDbEncryptionInterceptor interceptor = EncryptionConfigs.interceptor(tableName, schema.tableMetadata(),
                actions, def, keyring.create(kms, key.arn()),
                keyring.branchKeys().map(BranchKeyStore::keyStore).orElse(null), keyring.branchKeyId().orElse(null),
                keyring.cacheTtl().orElse(null));
        DynamoDbClient intercepted = clientBuilder.get()
                .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor)).build();
        return new ClientSideTable<>(intercepted, table, schema, actions, def, key, keyring);
    }

    /**
     * Returns the KMS key.
     *
     * @return the KMS key
     */
    public KmsKey key() {
        return key;
    }

    /**
     * Returns the keyring.
     *
     * @return the keyring
     */
    public Keyring keyring() {
        return keyring;
    }

    /** Builds a {@link ClientSideEncryption}; {@link #build()} names every missing setting. */
    public static final class Builder {
        private DynamoDbClient dynamoDb;
        private KmsClient kms;
        private EncryptedTableFactory tables;
        private Supplier<DynamoDbClientBuilder> clientBuilder;
        private KmsKey key;
        private Keyring keyring;

        private Builder() {
        }

        /**
         * Sets a plain DynamoDB client (tables, key store).
         *
         * @param dynamoDb a plain DynamoDB client (tables, key store)
         * @param kms the KMS client the keyrings call
         * @return this builder
         */
        public Builder clients(DynamoDbClient dynamoDb, KmsClient kms) {
            this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb must not be null");
            this.kms = Objects.requireNonNull(kms, "kms must not be null");
            return this;
        }

        /**
         * Sets the factory for encrypted tables (default: one on {@link #clients}' clients, default waits).
         *
         * @param tables the factory for encrypted tables (default: one on {@link #clients}' clients, default waits)
         * @return this builder
         */
        public Builder tables(EncryptedTableFactory tables) {
            this.tables = Objects.requireNonNull(tables, "tables must not be null");
            return this;
        }

        /**
         * Sets a configured builder (endpoint, Region, credentials) for the DynamoDB client that carries DB-ESDK's
         * interceptor; called once per table.
         *
         * @param clientBuilder a configured builder (endpoint, Region, credentials) for the DynamoDB client that
         *     carries DB-ESDK's interceptor; called once per table
         * @return this builder
         */
        public Builder clientBuilder(Supplier<DynamoDbClientBuilder> clientBuilder) {
            this.clientBuilder = Objects.requireNonNull(clientBuilder, "clientBuilder must not be null");
            return this;
        }

        /**
         * Sets the KMS key (CloudHSM-backed or standard) that protects the data keys and the tables at rest.
         *
         * @param key the KMS key (CloudHSM-backed or standard) that protects the data keys and the tables at rest
         * @return this builder
         */
        public Builder key(KmsKey key) {
            this.key = Objects.requireNonNull(key, "key must not be null");
            return this;
        }

        /**
         * Sets {@link Keyring#kms()} or {@link Keyring#hierarchical}.
         *
         * @param keyring {@link Keyring#kms()} or {@link Keyring#hierarchical}
         * @return this builder
         */
        public Builder keyring(Keyring keyring) {
            this.keyring = Objects.requireNonNull(keyring, "keyring must not be null");
            return this;
        }

        /**
         * Builds the configured entry point.
         *
         * @return the configured entry point
         * @throws IllegalStateException naming every missing setting, or a key store on another KMS key
         */
        public ClientSideEncryption build() {
            StringBuilder missing = new StringBuilder();
            if (dynamoDb == null) {
                missing.append("clients");
            }
            if (clientBuilder == null) {
                missing.append(missing.length() > 0 ? ", " : "").append("clientBuilder");
            }
            if (key == null) {
                missing.append(missing.length() > 0 ? ", " : "").append("key");
            }
            if (keyring == null) {
                missing.append(missing.length() > 0 ? ", " : "").append("keyring");
            }
            if (missing.length() > 0) {
                throw new IllegalStateException("ClientSideEncryption is missing " + missing);
            }
            Optional<BranchKeyStore> branchKeys = keyring.branchKeys();
            if (branchKeys.isPresent() && !branchKeys.get().key().arn().equals(key.arn())) {
                throw new IllegalStateException("The branch key store wraps its keys with " + branchKeys.get().key().arn()
                        + ", not with " + key.arn() + ": open it on the same key");
            }
            return new ClientSideEncryption(this);
        }
    }
}
