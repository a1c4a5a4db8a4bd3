package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TableClass;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Deletion protection, table class, tags, DeleteTable's answer and unimplemented members (docs/dynamodb-tables.md). */
class TableFeaturesIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    @Test
    void deleteTable_withDeletionProtection_isRefusedUntilDisabled(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "protected", b -> b.deletionProtectionEnabled(true));
        assertThat(ddb.describeTable(r -> r.tableName(table)).table().deletionProtectionEnabled()).isTrue();

        assertAwsError(() -> ddb.deleteTable(r -> r.tableName(table)), "ValidationException",
                "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
        assertThat(ddb.describeTable(r -> r.tableName(table)).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);

        assertThat(ddb.updateTable(r -> r.tableName(table).deletionProtectionEnabled(false)).tableDescription().deletionProtectionEnabled()).isFalse();
        assertThat(ddb.deleteTable(r -> r.tableName(table)).tableDescription().tableStatus()).isEqualTo(TableStatus.DELETING);
    }

    @Test
    void deleteTable_answersDynamoDbsShortDescription(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "deleted");
        ddb.putItem(r -> r.tableName(table).item(DdbFixture.key("a", "b")));

        TableDescription d = ddb.deleteTable(r -> r.tableName(table)).tableDescription();

        assertThat(d.tableName()).isEqualTo(table);
        assertThat(d.tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThat(d.itemCount()).isEqualTo(1L);
        assertThat(d.tableSizeBytes()).isPositive();
        assertThat(d.provisionedThroughput().readCapacityUnits()).isZero();
        assertThat(d.hasKeySchema()).as("DeleteTable shows no key schema").isFalse();
        assertThat(d.hasAttributeDefinitions()).isFalse();
    }

    @Test
    void tableClass_isShownAndUpdatable(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "ia", b -> b.tableClass(TableClass.STANDARD_INFREQUENT_ACCESS));
        assertThat(ddb.describeTable(r -> r.tableName(table)).table().tableClassSummary().tableClass())
                .isEqualTo(TableClass.STANDARD_INFREQUENT_ACCESS);

        TableDescription updated = ddb.updateTable(r -> r.tableName(table).tableClass(TableClass.STANDARD)).tableDescription();

        assertThat(updated.tableClassSummary().tableClass()).isEqualTo(TableClass.STANDARD);
        assertThat(updated.tableClassSummary().lastUpdateDateTime()).isNotNull();
        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table).tableClass("GLACIER")), "ValidationException", "tableClass");
    }

    @Test
    void tags_onCreateTagUntagAndList(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "tagged", b -> b.tags(Tag.builder().key("team").value("payments").build()));
        String arn = ddb.describeTable(r -> r.tableName(table)).table().tableArn();
        assertThat(ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags()).containsExactly(Tag.builder().key("team").value("payments").build());

        ddb.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("env").value("test").build(), Tag.builder().key("team").value("risk").build()));
        assertThat(ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags()).extracting(Tag::key, Tag::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("team", "risk"), org.assertj.core.groups.Tuple.tuple("env", "test"));

        ddb.untagResource(r -> r.resourceArn(arn).tagKeys("team", "absent"));
        assertThat(ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags()).extracting(Tag::key).containsExactly("env");
    }

    @Test
    void tags_unknownOrMalformedArn_andTooMany_areRefused(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "tagged");
        String arn = ddb.describeTable(r -> r.tableName(table)).table().tableArn();

        assertAwsError(() -> ddb.listTagsOfResource(r -> r.resourceArn(arn + "-gone")), "ResourceNotFoundException", arn + "-gone");
        assertAwsError(() -> ddb.tagResource(r -> r.resourceArn("not-an-arn").tags(Tag.builder().key("k").value("v").build())),
                "ValidationException", "Invalid TableArn");
        List<Tag> many = new ArrayList<>();
        IntStream.range(0, 51).forEach(i -> many.add(Tag.builder().key("k" + i).value("v").build()));
        assertAwsError(() -> ddb.tagResource(r -> r.resourceArn(arn).tags(many)), "ValidationException", "50");
        assertAwsError(() -> ddb.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("aws:x").value("v").build())),
                "ValidationException", "aws:");
        assertThat(ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags()).isEmpty();
    }

    @Test
    void tableMembers_notImplemented_areRefusedNamingThem(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "unsupported");

        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table).streamSpecification(s -> s.streamEnabled(true).streamViewType("NEW_IMAGE"))),
                "ValidationException", "StreamSpecification");
        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table).replicaUpdates(u -> u.create(c -> c.regionName("eu-west-1")))),
                "ValidationException", "ReplicaUpdates");
        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table).onDemandThroughput(o -> o.maxReadRequestUnits(10L))),
                "ValidationException", "OnDemandThroughput");
        assertAwsError(() -> ddb.createTable(r -> r.tableName(DdbFixture.uniqueName("x")).billingMode("PAY_PER_REQUEST")
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType("S")).keySchema(k -> k.attributeName("pk").keyType("HASH"))
                        .resourcePolicy("{}")),
                "ValidationException", "ResourcePolicy");
    }

    @Test
    void updateTable_withNothingToChange_isValidationException(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "nochange");

        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table)), "ValidationException", "At least one of");
    }

    @Test
    void updateTable_throughput_rulesAndUpdatingStatus(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "throughput");

        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table).provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))),
                "ValidationException", "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table).billingMode("PROVISIONED")),
                "ValidationException", "ProvisionedThroughput must be specified");

        TableDescription switched = ddb.updateTable(r -> r.tableName(table).billingMode("PROVISIONED")
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))).tableDescription();
        assertThat(switched.tableStatus()).isEqualTo(TableStatus.UPDATING);
        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table).provisionedThroughput(p -> p.readCapacityUnits(6L).writeCapacityUnits(6L))),
                "ResourceInUseException", "Table is being updated");
        DdbFixture.awaitActive(local.local(), ddb, table);
        assertThat(ddb.describeTable(r -> r.tableName(table)).table().provisionedThroughput().readCapacityUnits()).isEqualTo(5L);

        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table).provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))),
                "ValidationException", "The provisioned throughput for the table will not change. The requested value equals the current value.");
    }
}
