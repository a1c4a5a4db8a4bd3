package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.EncryptedTable;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.core.Step;
import io.github.hsmkeystore.core.TableDefinition;
import io.github.hsmkeystore.core.TableDrift;
import io.github.hsmkeystore.core.TableDriftException;
import io.github.hsmkeystore.core.TableEncryptionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SSEDescription;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * Tables encrypted at rest with a given KMS key (aws-semantics section 5): create or reuse, wait until ACTIVE with
 * SSE ENABLED on that key, verify (fail closed), switch keys. The enhanced client cannot set SSE (5.6), so the
 * low-level client creates the table; DynamoDB's waiter ignores SSE and spins on an inaccessible key (5.7), so the
 * one {@link Poller} waits instead.
 */
public final class TableSteps {
    private static final Logger log = LoggerFactory.getLogger(TableSteps.class);
    private final DynamoDbClient dynamoDb;
    private final KmsClient kms;
    private final Poller poller;

    public TableSteps(DynamoDbClient dynamoDb, KmsClient kms, Poller poller) {
        this.dynamoDb = dynamoDb;
        this.kms = kms;
        this.poller = poller;
    }

    /**
     * Creates the table as defined, encrypted with the definition's key, waits until it is ACTIVE with SSE ENABLED,
     * then enables TTL and PITR if defined; or, when it exists, verifies it. Either way the result is verified: the
     * key (fail closed) and every defined setting ({@link TableDriftException} listing each difference).
     */
    public EncryptedTable createOrReuse(String tableName, TableDefinition def) {
        Optional<TableDescription> existing = describe(tableName);
        if (existing.isPresent()) {
            log.debug("Table exists, verifying its key and definition [table={}]", tableName);
            EncryptedTable verified = verify(tableName, def.key());
            requireNoDrift(tableName, def);
            return verified;
        }
        KmsKey key = def.key();
        AwsCalls.call(Step.TABLE, tableName, "CreateTable " + tableName + " encrypted with " + key.arn(), () ->
                dynamoDb.createTable(TableSpecs.createRequest(tableName, def)));
        log.debug("Created table [table={}, key={}]", tableName, key.arn());
        awaitEncryptedWith(tableName, key, true);
        def.timeToLiveAttribute().ifPresent(attribute -> AwsCalls.call(Step.TABLE, tableName, "UpdateTimeToLive " + tableName,
                () -> dynamoDb.updateTimeToLive(r -> r.tableName(tableName)
                        .timeToLiveSpecification(t -> t.enabled(true).attributeName(attribute)))));
        if (def.pointInTimeRecovery().orElse(false)) {
            enablePointInTimeRecovery(tableName);
        }
        EncryptedTable verified = verify(tableName, key);
        requireNoDrift(tableName, def);
        return verified;
    }

    /** How the existing table differs from the definition (empty when it matches); the key is checked by verify. */
    public List<TableDrift> drift(String tableName, TableDefinition def) {
        TableDescription table = describe(tableName).orElseThrow(() -> new TableEncryptionException(tableName,
                "Table " + tableName + " does not exist; create it with table(...)", null));
        return TableDrifts.of(table, def, new TableDrifts.Reads(
                () -> AwsCalls.call(Step.TABLE, tableName, "DescribeTimeToLive " + tableName,
                        () -> dynamoDb.describeTimeToLive(r -> r.tableName(tableName)).timeToLiveDescription()),
                () -> AwsCalls.call(Step.TABLE, tableName, "DescribeContinuousBackups " + tableName,
                        () -> Optional.ofNullable(dynamoDb.describeContinuousBackups(r -> r.tableName(tableName))
                                .continuousBackupsDescription().pointInTimeRecoveryDescription())
                                .map(PointInTimeRecoveryDescription::pointInTimeRecoveryStatus)),
                () -> AwsCalls.call(Step.TABLE, tableName, "ListTagsOfResource " + tableName, () -> {
                    Map<String, String> tags = new LinkedHashMap<>();
                    String next = null;
                    do {
                        String token = next;
                        var page = dynamoDb.listTagsOfResource(r -> r.resourceArn(table.tableArn()).nextToken(token));
                        page.tags().forEach(t -> tags.put(t.key(), t.value()));
                        next = page.nextToken();
                    } while (next != null);
                    return tags;
                })));
    }

    private void requireNoDrift(String tableName, TableDefinition def) {
        List<TableDrift> drifts = drift(tableName, def);
        if (!drifts.isEmpty()) {
            throw new TableDriftException(tableName, drifts);
        }
    }

    /**
     * UpdateContinuousBackups fails with ContinuousBackupsUnavailableException until the continuous backups DynamoDB
     * turns on for every new table are ENABLED (UpdateContinuousBackups API reference): wait for them first.
     */
    private void enablePointInTimeRecovery(String tableName) {
        poller.await(Step.TABLE, tableName, "continuous backups ENABLED", () -> AwsCalls.call(Step.TABLE, tableName,
                        "DescribeContinuousBackups " + tableName,
                        () -> poller.describe("DescribeContinuousBackups", () -> dynamoDb.describeContinuousBackups(r ->
                                r.tableName(tableName))).continuousBackupsDescription()),
                d -> d.continuousBackupsStatusAsString(), d -> d.continuousBackupsStatus() == ContinuousBackupsStatus.ENABLED);
        AwsCalls.call(Step.TABLE, tableName, "UpdateContinuousBackups " + tableName, () -> dynamoDb.updateContinuousBackups(r ->
                r.tableName(tableName).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true))));
    }

    /**
     * Fails closed unless DescribeTable reports {@code expected}'s ARN as the table's SSE key, SSE is ENABLED, the
     * table is usable, and the key is what the caller expects: the same origin and custom key store.
     */
    public EncryptedTable verify(String tableName, KmsKey expected) {
        TableDescription table = describe(tableName).orElseThrow(() -> new TableEncryptionException(tableName,
                "Table " + tableName + " does not exist; cannot verify that it is encrypted with " + expected.arn(), null));
        SSEDescription sse = table.sseDescription();
        if (sse == null || sse.sseType() != SSEType.KMS || sse.kmsMasterKeyArn() == null) {
            throw new TableEncryptionException(tableName, "Table " + tableName + " is encrypted with the AWS owned key,"
                    + " not with " + expected.arn() + " (" + expected.alias() + "). Switch it with switchKey(...) or use another table.", null);
        }
        if (!sse.kmsMasterKeyArn().equals(expected.arn())) {
            throw new TableEncryptionException(tableName, "Table " + tableName + " is encrypted with KMS key "
                    + sse.kmsMasterKeyArn() + ", not with the expected " + expected.arn() + " (" + expected.alias()
                    + "). Switch it with switchKey(...) if that is intended.", null);
        }
        if (sse.status() != SSEStatus.ENABLED) {
            throw new TableEncryptionException(tableName, "Table " + tableName + " encryption is " + sse.statusAsString()
                    + " for " + expected.arn() + ", not ENABLED; wait for a key switch to finish and verify again.", null);
        }
        if (table.tableStatus() == TableStatus.INACCESSIBLE_ENCRYPTION_CREDENTIALS) {
            throw new TableEncryptionException(tableName, "Table " + tableName + " cannot use its KMS key " + expected.arn()
                    + " since " + sse.inaccessibleEncryptionDateTime() + " (INACCESSIBLE_ENCRYPTION_CREDENTIALS): enable the key"
                    + " or reconnect its custom key store within 7 days, or DynamoDB archives the table.", null);
        }
        KeyMetadata key = AwsCalls.call(Step.TABLE, expected.arn(), "DescribeKey " + expected.arn(),
                () -> kms.describeKey(r -> r.keyId(expected.arn())).keyMetadata());
        OriginType origin = key.origin();
        Optional<String> storeId = Optional.ofNullable(key.customKeyStoreId());
        if (origin != expected.origin() || !storeId.equals(expected.customKeyStoreId())) {
            throw new TableEncryptionException(tableName, "Table " + tableName + " is encrypted with " + key.arn()
                    + " of origin " + key.originAsString() + storeId.map(id -> " in custom key store " + id).orElse("")
                    + ", but the expected key is of origin " + expected.origin()
                    + expected.customKeyStoreId().map(id -> " in custom key store " + id).orElse("") + ".", null);
        }
        KeyUsability.require(kms, key, "Table " + tableName, Step.TABLE);
        return new EncryptedTable(tableName, table.tableArn(), key.arn(), origin, storeId);
    }

    /** Re-keys the table with UpdateTable, waits until SSE is ENABLED on the new key, and verifies. */
    public EncryptedTable switchKey(String tableName, KmsKey newKey) {
        TableDescription table = describe(tableName).orElseThrow(() -> new TableEncryptionException(tableName,
                "Table " + tableName + " does not exist", null));
        SSEDescription sse = table.sseDescription();
        if (sse == null || !newKey.arn().equals(sse.kmsMasterKeyArn())) {
            AwsCalls.call(Step.TABLE_KEY, tableName, "UpdateTable " + tableName + " to " + newKey.arn(), () ->
                    dynamoDb.updateTable(r -> r.tableName(tableName).sseSpecification(TableSpecs.sse(newKey))));
            log.debug("Switching table key [table={}, key={}]", tableName, newKey.arn());
        }
        awaitEncryptedWith(tableName, newKey, false);
        return verify(tableName, newKey);
    }

    /** The table's status in plain words for health(), or null when it is fine. */
    public String finding(String tableName) {
        Optional<TableDescription> table = describe(tableName);
        if (table.isEmpty()) {
            return "Table " + tableName + " does not exist.";
        }
        TableDescription t = table.get();
        if (t.tableStatus() == TableStatus.INACCESSIBLE_ENCRYPTION_CREDENTIALS) {
            return "Table " + tableName + " is INACCESSIBLE_ENCRYPTION_CREDENTIALS since "
                    + t.sseDescription().inaccessibleEncryptionDateTime() + ": DynamoDB cannot use its KMS key "
                    + t.sseDescription().kmsMasterKeyArn() + ". Enable the key or reconnect the key store within 7 days,"
                    + " or DynamoDB archives the table.";
        }
        if (t.sseDescription() == null) {
            return "Table " + tableName + " is encrypted with the AWS owned key, not a key of this store.";
        }
        if (t.tableStatus() != TableStatus.ACTIVE) {
            return "Table " + tableName + " is " + t.tableStatusAsString() + ".";
        }
        return null;
    }

    /** The table's TableStatus, or empty when it does not exist. */
    public Optional<TableStatus> status(String tableName) {
        return describe(tableName).map(TableDescription::tableStatus);
    }

    /** {@code justCreated}: CreateTable was just called, so the first DescribeTable comes after the poll interval. */
    private void awaitEncryptedWith(String tableName, KmsKey key, boolean justCreated) {
        Function<TableDescription, String> state = t -> t.tableStatusAsString()
                + (t.sseDescription() == null ? "" : "/SSE " + t.sseDescription().statusAsString());
        Predicate<TableDescription> done = t -> t.tableStatus() == TableStatus.ACTIVE && t.sseDescription() != null
                && t.sseDescription().status() == SSEStatus.ENABLED && key.arn().equals(t.sseDescription().kmsMasterKeyArn());
        String wanted = "table ACTIVE with SSE ENABLED on " + key.arn();
        poller.await(justCreated, Step.TABLE, tableName, wanted, () -> describe(tableName).orElse(null), state, done);
    }

    private Optional<TableDescription> describe(String tableName) {
        try {
            return Optional.of(AwsCalls.call(Step.TABLE, tableName, "DescribeTable " + tableName,
                    () -> poller.describe("DescribeTable", () -> dynamoDb.describeTable(r -> r.tableName(tableName))).table()));
        } catch (io.github.hsmkeystore.core.ProvisioningException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
