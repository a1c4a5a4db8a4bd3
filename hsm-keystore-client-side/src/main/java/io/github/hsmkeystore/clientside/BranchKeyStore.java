package io.github.hsmkeystore.clientside;

import io.github.hsmkeystore.clientside.internal.Failures;
import io.github.hsmkeystore.core.EncryptedTable;
import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KmsKey;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.keystore.KeyStore;
import software.amazon.cryptography.keystore.model.CreateKeyInput;
import software.amazon.cryptography.keystore.model.GetActiveBranchKeyInput;
import software.amazon.cryptography.keystore.model.KMSConfiguration;
import software.amazon.cryptography.keystore.model.KeyStoreConfig;
import software.amazon.cryptography.keystore.model.VersionKeyInput;

/**
 * The DynamoDB key store of the hierarchical keyring: a table of branch keys, each wrapped by the CloudHSM-backed KMS
 * key, the table itself encrypted at rest with that same key.
 *
 * <p>Unlike the material providers' {@code CreateKeyStore} (which creates the table on the AWS owned key and returns
 * before it is ACTIVE), {@link #open} creates the table through {@link EncryptedTableFactory}: encrypted with the KMS
 * key, waited for ACTIVE, and verified, so that {@link #createBranchKey()} works at once.
 *
 * <pre>{@code
 * BranchKeyStore keys = BranchKeyStore.open(tables, dynamoDb, kms, "branch-keys", key);
 * String branchKeyId = keys.createBranchKey();   // keep it: the keyring needs it
 * keys.rotate(branchKeyId);                      // new active version; old versions still decrypt
 * }</pre>
 */
public final class BranchKeyStore {
    /** The key store table's partition key (String), as the material providers require. */
    public static final String PARTITION_KEY = "branch-key-id";
    /** The key store table's sort key (String), as the material providers require. */
    public static final String SORT_KEY = "type";

    private final KeyStore keyStore;
    private final EncryptedTable table;
    private final KmsKey key;

    private BranchKeyStore(KeyStore keyStore, EncryptedTable table, KmsKey key) {
        this.keyStore = keyStore;
        this.table = table;
        this.key = key;
    }

    /**
     * Creates the key store table encrypted with {@code key} (or verifies the existing one) and opens the key store on
     * it. The logical key store name is the table name, as AWS recommends.
     *
     * @param tables the factory that creates and verifies encrypted tables
     * @param dynamoDb the DynamoDB client the key store reads branch keys with (no DB-ESDK interceptor)
     * @param kms the KMS client that wraps and unwraps branch keys
     * @param tableName the key store table
     * @param key the KMS key that wraps the branch keys and encrypts the table at rest
     * @return the opened key store
     * @throws io.github.hsmkeystore.core.TableEncryptionException if the existing table uses another key
     */
    public static BranchKeyStore open(EncryptedTableFactory tables, DynamoDbClient dynamoDb, KmsClient kms,
                                      String tableName, KmsKey key) {
        Objects.requireNonNull(tables, "tables must not be null");
        Objects.requireNonNull(dynamoDb, "dynamoDb must not be null");
        Objects.requireNonNull(kms, "kms must not be null");
        Objects.requireNonNull(tableName, "tableName must not be null");
        Objects.requireNonNull(key, "key must not be null");
        EncryptedTable table = tables.table(tableName, t -> t.partitionKey(PARTITION_KEY, ScalarAttributeType.S)
                .sortKey(SORT_KEY, ScalarAttributeType.S).encryptedWith(key));
        KeyStore keyStore = KeyStore.builder().KeyStoreConfig(KeyStoreConfig.builder()
                .ddbTableName(tableName)
                .logicalKeyStoreName(tableName)
                .kmsConfiguration(KMSConfiguration.builder().kmsKeyArn(key.arn()).build())
                .ddbClient(dynamoDb)
                .kmsClient(kms)
                .build()).build();
        return new BranchKeyStore(keyStore, table, key);
    }

    /**
     * Creates a branch key (and its beacon key, same id): one GenerateDataKeyWithoutPlaintext and two ReEncrypt calls
     * on the KMS key.
     *
     * @return the new branch key id, to configure in the keyring
     */
    public String createBranchKey() {
        try {
            return keyStore.CreateKey(CreateKeyInput.builder().build()).branchKeyIdentifier();
        } catch (RuntimeException e) {
            throw Failures.translate(e, key, "creating a branch key in " + table.tableName());
        }
    }

    /**
     * Rotates a branch key: a new active version; items encrypted under older versions still decrypt.
     *
     * @param branchKeyId the branch key to rotate
     * @return the new active version
     */
    public String rotate(String branchKeyId) {
        Objects.requireNonNull(branchKeyId, "branchKeyId must not be null");
        try {
            keyStore.VersionKey(VersionKeyInput.builder().branchKeyIdentifier(branchKeyId).build());
            return activeVersion(branchKeyId);
        } catch (RuntimeException e) {
            throw Failures.translate(e, key, "rotating branch key " + branchKeyId);
        }
    }

    /**
     * Returns the active version of a branch key (one KMS Decrypt call).
     *
     * @param branchKeyId a branch key
     * @return its active version (one KMS Decrypt call)
     */
    public String activeVersion(String branchKeyId) {
        Objects.requireNonNull(branchKeyId, "branchKeyId must not be null");
        try {
            return keyStore.GetActiveBranchKey(GetActiveBranchKeyInput.builder().branchKeyIdentifier(branchKeyId).build())
                    .branchKeyMaterials().branchKeyVersion();
        } catch (RuntimeException e) {
            throw Failures.translate(e, key, "reading branch key " + branchKeyId);
        }
    }

    /**
     * Returns the verified key store table.
     *
     * @return the verified key store table
     */
    public EncryptedTable table() {
        return table;
    }

    /**
     * Returns the KMS key that wraps the branch keys.
     *
     * @return the KMS key that wraps the branch keys
     */
    public KmsKey key() {
        return key;
    }

    /**
     * Returns the material providers' key store, for the keyring and beacons.
     *
     * @return the material providers' key store, for the keyring and beacons
     */
    public KeyStore keyStore() {
        return keyStore;
    }
}
