package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.assertAwsError;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.n;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** UpdateTimeToLive / DescribeTimeToLive, expiry on the emulator clock, and point-in-time recovery status (docs/dynamodb-tables.md). */
class TimeToLiveIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create(b -> b.ttlDeletionDelay(Duration.ofHours(1)));

    private static Map<String, AttributeValue> item(String pk, long expiresAt) {
        return Map.of("pk", s(pk), "sk", s("x"), "expires", n(Long.toString(expiresAt)));
    }

    @Test
    void updateTimeToLive_enablesThenExpiredItemsAreRemovedAfterTheDeletionDelay(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "ttl");
        assertThat(ddb.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription().timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);

        assertThat(ddb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName("expires")))
                .timeToLiveSpecification().attributeName()).isEqualTo("expires");
        assertThat(ddb.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription().timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLING);
        local.local().advanceClock(Duration.ofSeconds(5));
        assertThat(ddb.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription().timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);

        long now = local.local().now().getEpochSecond();
        ddb.putItem(r -> r.tableName(table).item(item("soon", now + 60)));
        ddb.putItem(r -> r.tableName(table).item(item("later", now + 86_400)));
        ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("text"), "sk", s("x"), "expires", s("0"))));
        local.local().advanceClock(Duration.ofMinutes(30));
        assertThat(ddb.getItem(r -> r.tableName(table).key(DdbFixture.key("soon", "x"))).hasItem())
                .as("expired but not yet deleted items are still read, as on DynamoDB").isTrue();

        local.local().advanceClock(Duration.ofMinutes(32));
        assertThat(ddb.scan(r -> r.tableName(table)).items()).extracting(i -> i.get("pk").s()).containsExactlyInAnyOrder("later", "text");
    }

    @Test
    void updateTimeToLive_rulesForChanges(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "ttl-rules");
        assertAwsError(() -> ddb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(false).attributeName("e"))),
                "ValidationException", "TimeToLive is already disabled");
        ddb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName("e")));

        assertAwsError(() -> ddb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName("e"))),
                "ValidationException", "TimeToLive is already enabled");
        assertAwsError(() -> ddb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName("other"))),
                "ValidationException", "TimeToLive is active on a different AttributeName");
        assertAwsError(() -> ddb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(false).attributeName("e"))),
                "ValidationException", "Time to live has been modified multiple times within a fixed interval");
        local.local().advanceClock(Duration.ofMinutes(61));
        ddb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(false).attributeName("e")));
        assertThat(ddb.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription().timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLING);
        assertAwsError(() -> ddb.describeTimeToLive(r -> r.tableName(table + "-gone")), "ResourceNotFoundException", table + "-gone");
    }

    @Test
    void continuousBackups_pointInTimeRecoveryStatus(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "pitr");
        ContinuousBackupsDescription off = ddb.describeContinuousBackups(r -> r.tableName(table)).continuousBackupsDescription();
        assertThat(off.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);

        ContinuousBackupsDescription on = ddb.updateContinuousBackups(r -> r.tableName(table)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(7))).continuousBackupsDescription();

        assertThat(on.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        assertThat(on.pointInTimeRecoveryDescription().recoveryPeriodInDays()).isEqualTo(7);
        assertThat(ddb.describeContinuousBackups(r -> r.tableName(table)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().earliestRestorableDateTime()).isNotNull();
        assertAwsError(() -> ddb.describeContinuousBackups(r -> r.tableName(table + "-gone")), "TableNotFoundException", table + "-gone");
        assertAwsError(() -> ddb.restoreTableToPointInTime(r -> r.sourceTableName(table).targetTableName(table + "-copy").useLatestRestorableTime(true)),
                "UnknownOperationException", "RestoreTableToPointInTime");
    }
}
