package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.assertAwsError;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** UpdateTable GlobalSecondaryIndexUpdates: create with backfilling, update, delete, and DynamoDB's rules (docs/dynamodb-tables.md). */
class GlobalSecondaryIndexUpdatesIT {
    private static final Duration DELAY = Duration.ofSeconds(30);

    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create(b -> b.transitionDelay(DELAY));

    private static String table(DynamoDbClient ddb) {
        String name = DdbFixture.uniqueName("gsi");
        ddb.createTable(r -> r.tableName(name).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")));
        local.local().advanceClock(DELAY.plusSeconds(1));
        return name;
    }

    private static GlobalSecondaryIndexUpdate createByColour() {
        return GlobalSecondaryIndexUpdate.builder().create(c -> c.indexName("byColour")
                .keySchema(k -> k.attributeName("colour").keyType("HASH")).projection(p -> p.projectionType("ALL"))).build();
    }

    private static GlobalSecondaryIndexDescription gsi(TableDescription d, String name) {
        return d.globalSecondaryIndexes().stream().filter(i -> i.indexName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void updateTable_createGsi_backfillsThenActiveAndHoldsExistingItems(DynamoDbClient ddb) {
        String table = table(ddb);
        ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("1"), "colour", s("red"))));
        ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("2"), "colour", s("blue"))));

        TableDescription updating = ddb.updateTable(r -> r.tableName(table)
                .attributeDefinitions(a -> a.attributeName("colour").attributeType("S"))
                .globalSecondaryIndexUpdates(createByColour())).tableDescription();

        assertThat(updating.tableStatus()).isEqualTo(TableStatus.UPDATING);
        assertThat(gsi(updating, "byColour").indexStatus()).isEqualTo(IndexStatus.CREATING);
        assertThat(gsi(updating, "byColour").backfilling()).isTrue();
        assertAwsError(() -> ddb.query(r -> r.tableName(table).indexName("byColour").keyConditionExpression("colour = :c")
                .expressionAttributeValues(Map.of(":c", s("red")))), "ValidationException", "Cannot read from backfilling global secondary index");
        assertThat(ddb.getItem(r -> r.tableName(table).key(Map.of("pk", s("1")))).hasItem()).as("the table stays readable").isTrue();

        local.local().advanceClock(DELAY.plusSeconds(1));
        TableDescription active = ddb.describeTable(r -> r.tableName(table)).table();
        assertThat(active.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(gsi(active, "byColour").indexStatus()).isEqualTo(IndexStatus.ACTIVE);
        assertThat(gsi(active, "byColour").backfilling()).isNull();
        assertThat(gsi(active, "byColour").itemCount()).isEqualTo(2);
        assertThat(active.attributeDefinitions()).extracting(a -> a.attributeName()).containsExactlyInAnyOrder("pk", "colour");
        assertThat(ddb.query(r -> r.tableName(table).indexName("byColour").keyConditionExpression("colour = :c")
                .expressionAttributeValues(Map.of(":c", s("red")))).items()).extracting(i -> i.get("pk").s()).containsExactly("1");
    }

    @Test
    void updateTable_whileIndexIsBeingCreated_isResourceInUse(DynamoDbClient ddb) {
        String table = table(ddb);
        ddb.updateTable(r -> r.tableName(table).attributeDefinitions(a -> a.attributeName("colour").attributeType("S"))
                .globalSecondaryIndexUpdates(createByColour()));

        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table).attributeDefinitions(a -> a.attributeName("size").attributeType("N"))
                        .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("bySize")
                                .keySchema(k -> k.attributeName("size").keyType("HASH")).projection(p -> p.projectionType("KEYS_ONLY"))))),
                "ResourceInUseException", "Attempt to change a resource which is still in use: Table is being updated: " + table);
    }

    @Test
    void updateTable_twoIndexCreatesInOneCall_isLimitExceeded(DynamoDbClient ddb) {
        String table = table(ddb);

        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table)
                        .attributeDefinitions(a -> a.attributeName("colour").attributeType("S"), a -> a.attributeName("size").attributeType("N"))
                        .globalSecondaryIndexUpdates(createByColour(), GlobalSecondaryIndexUpdate.builder().create(c -> c.indexName("bySize")
                                .keySchema(k -> k.attributeName("size").keyType("HASH")).projection(p -> p.projectionType("ALL"))).build())),
                "LimitExceededException", "Only 1 online index can be created or deleted simultaneously per table");
        assertThat(ddb.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes()).as("nothing applied").isEmpty();
    }

    @Test
    void updateTable_createGsiWithUndefinedKeyOrExistingName_isValidationException(DynamoDbClient ddb) {
        String table = table(ddb);

        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table).globalSecondaryIndexUpdates(createByColour())),
                "ValidationException", "Some index key attributes are not defined in AttributeDefinitions");
        ddb.updateTable(r -> r.tableName(table).attributeDefinitions(a -> a.attributeName("colour").attributeType("S"))
                .globalSecondaryIndexUpdates(createByColour()));
        local.local().advanceClock(DELAY.plusSeconds(1));
        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table).attributeDefinitions(a -> a.attributeName("colour").attributeType("S"))
                .globalSecondaryIndexUpdates(createByColour())), "ValidationException", "Attempting to create an index which already exists");
    }

    @Test
    void updateTable_deleteGsi_isDeletingThenGone(DynamoDbClient ddb) {
        String table = table(ddb);
        ddb.updateTable(r -> r.tableName(table).attributeDefinitions(a -> a.attributeName("colour").attributeType("S"))
                .globalSecondaryIndexUpdates(createByColour()));
        local.local().advanceClock(DELAY.plusSeconds(1));

        TableDescription deleting = ddb.updateTable(r -> r.tableName(table)
                .globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("byColour")))).tableDescription();

        assertThat(deleting.tableStatus()).isEqualTo(TableStatus.UPDATING);
        assertThat(gsi(deleting, "byColour").indexStatus()).isEqualTo(IndexStatus.DELETING);
        assertAwsError(() -> ddb.query(r -> r.tableName(table).indexName("byColour").keyConditionExpression("colour = :c")
                .expressionAttributeValues(Map.of(":c", s("red")))), "ValidationException", "The table does not have the specified index: byColour");
        local.local().advanceClock(DELAY.plusSeconds(1));
        TableDescription done = ddb.describeTable(r -> r.tableName(table)).table();
        assertThat(done.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(done.globalSecondaryIndexes()).isEmpty();
    }

    @Test
    void updateTable_deleteOrUpdateUnknownIndex_isResourceNotFound(DynamoDbClient ddb) {
        String table = table(ddb);

        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table).globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("nope")))),
                "ResourceNotFoundException", "nope");
        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table).globalSecondaryIndexUpdates(u -> u.update(d -> d.indexName("nope")
                .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))))), "ResourceNotFoundException", "nope");
    }

    @Test
    void updateTable_updateGsiThroughput_showsNewThroughput(DynamoDbClient ddb) {
        String table = DdbFixture.uniqueName("gsi-prov");
        ddb.createTable(r -> r.tableName(table).provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("colour").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .globalSecondaryIndexes(g -> g.indexName("byColour").keySchema(k -> k.attributeName("colour").keyType("HASH"))
                        .projection(p -> p.projectionType("ALL")).provisionedThroughput(p -> p.readCapacityUnits(2L).writeCapacityUnits(3L))));
        TableDescription creating = ddb.describeTable(r -> r.tableName(table)).table();
        assertThat(gsi(creating, "byColour").indexStatus()).as("index CREATING while the table is").isEqualTo(IndexStatus.CREATING);
        assertThat(gsi(creating, "byColour").provisionedThroughput().readCapacityUnits()).isEqualTo(2L);
        local.local().advanceClock(DELAY.plusSeconds(1));

        TableDescription updated = ddb.updateTable(r -> r.tableName(table).globalSecondaryIndexUpdates(u -> u.update(d -> d.indexName("byColour")
                .provisionedThroughput(p -> p.readCapacityUnits(7L).writeCapacityUnits(9L))))).tableDescription();

        assertThat(gsi(updated, "byColour").provisionedThroughput().readCapacityUnits()).isEqualTo(7L);
        assertThat(gsi(updated, "byColour").provisionedThroughput().writeCapacityUnits()).isEqualTo(9L);
    }

    @Test
    void createTable_provisionedGsiWithoutThroughput_isValidationException(DynamoDbClient ddb) {
        assertAwsError(() -> ddb.createTable(r -> r.tableName(DdbFixture.uniqueName("gsi-prov")).provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("colour").attributeType("S"))
                        .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                        .globalSecondaryIndexes(g -> g.indexName("byColour").keySchema(k -> k.attributeName("colour").keyType("HASH"))
                                .projection(p -> p.projectionType("ALL")))),
                "ValidationException", "ProvisionedThroughput must be specified for index: byColour");
    }

    @Test
    void updateTable_switchToProvisioned_withGsiThroughputInTheSameCall(DynamoDbClient ddb) {
        String table = table(ddb);
        ddb.updateTable(r -> r.tableName(table).attributeDefinitions(a -> a.attributeName("colour").attributeType("S"))
                .globalSecondaryIndexUpdates(createByColour()));
        local.local().advanceClock(DELAY.plusSeconds(1));

        TableDescription switched = ddb.updateTable(r -> r.tableName(table).billingMode("PROVISIONED")
                .provisionedThroughput(p -> p.readCapacityUnits(4L).writeCapacityUnits(4L))
                .globalSecondaryIndexUpdates(u -> u.update(d -> d.indexName("byColour")
                        .provisionedThroughput(p -> p.readCapacityUnits(2L).writeCapacityUnits(3L))))).tableDescription();

        assertThat(switched.billingModeSummary().billingModeAsString()).isEqualTo("PROVISIONED");
        assertThat(gsi(switched, "byColour").provisionedThroughput().writeCapacityUnits()).isEqualTo(3L);
    }
}
