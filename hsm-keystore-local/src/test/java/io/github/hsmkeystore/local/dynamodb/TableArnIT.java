package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DynamoDbFixture.key;
import static io.github.hsmkeystore.local.dynamodb.DynamoDbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** TableName may be the table's ARN (DynamoDB API reference, TableName); an ARN of another Region is not found here. */
class TableArnIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create(b -> b.transitionDelay(Duration.ZERO));

    @Test
    void itemAndTableOperations_withTheTableArn_actOnTheTable(DynamoDbClient ddb) {
        String table = DynamoDbFixture.createPkSkTable(ddb, "arns");
        String arn = ddb.describeTable(b -> b.tableName(table)).table().tableArn();

        ddb.putItem(b -> b.tableName(arn).item(Map.of("pk", s("a"), "sk", s("1"), "v", s("x"))));

        assertThat(ddb.getItem(b -> b.tableName(table).key(key("a", "1"))).item()).containsEntry("v", s("x"));
        assertThat(ddb.getItem(b -> b.tableName(arn).key(key("a", "1"))).item()).containsEntry("v", s("x"));
        assertThat(ddb.describeTable(b -> b.tableName(arn)).table().tableName()).isEqualTo(table);
        assertThat(ddb.query(b -> b.tableName(arn).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a")))).count()).isEqualTo(1);
    }

    @Test
    void tableArnOfAnotherRegion_isNotFound(DynamoDbClient ddb, LocalHsmKeyStore emulator) {
        String table = DynamoDbFixture.createPkSkTable(ddb, "arns");
        String otherRegion = "arn:aws:dynamodb:eu-west-3:" + emulator.accountId() + ":table/" + table;

        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName(otherRegion).key(key("a", "1"))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Requested resource not found");
    }
}
