package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.assertAwsError;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Table lifecycle, ListTables pagination, table errors, and malformed requests (4xx, no state change). */
class TableLifecycleIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create(b -> b.transitionDelay(Duration.ofSeconds(3)));

    @Test
    void createAndDeleteTable_goThroughCreatingActiveDeletingGone(DynamoDbClient ddb) {
        String name = DdbFixture.uniqueName("life");
        assertThat(ddb.createTable(r -> r.tableName(name).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST")).tableDescription().tableStatus())
                .isEqualTo(TableStatus.CREATING);
        assertThat(ddb.describeTable(r -> r.tableName(name)).table().tableStatus()).isEqualTo(TableStatus.CREATING);
        assertAwsError(() -> ddb.updateTable(r -> r.tableName(name).billingMode("PROVISIONED")
                .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))), "ResourceInUseException", name);
        local.local().advanceClock(Duration.ofSeconds(5));
        assertThat(ddb.describeTable(r -> r.tableName(name)).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(ddb.deleteTable(r -> r.tableName(name)).tableDescription().tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThat(ddb.listTables().tableNames()).contains(name);
        assertThat(ddb.describeTable(r -> r.tableName(name)).table().tableStatus()).isEqualTo(TableStatus.DELETING);
        local.local().advanceClock(Duration.ofSeconds(5));
        assertAwsError(() -> ddb.describeTable(r -> r.tableName(name)), "ResourceNotFoundException", name);
        assertAwsError(() -> ddb.deleteTable(r -> r.tableName(name)), "ResourceNotFoundException", name);
        assertThat(ddb.listTables().tableNames()).doesNotContain(name);
    }

    @Test
    void createTable_existingName_isResourceInUseException(DynamoDbClient ddb) {
        String name = DdbFixture.createTable(local.local(), ddb, "dup");
        assertAwsError(() -> ddb.createTable(r -> r.tableName(name).attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST")),
                "ResourceInUseException", "Table already exists: " + name);
        assertThat(ddb.describeTable(r -> r.tableName(name)).table().keySchema()).hasSize(2);
    }

    @Test
    void listTables_withLimit_paginatesOverAllTablesInOrder(DynamoDbClient ddb) {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(DdbFixture.createTable(local.local(), ddb, "list" + i));
        }
        List<String> seen = new ArrayList<>();
        String start = null;
        int pages = 0;
        do {
            String s = start;
            ListTablesResponse page = ddb.listTables(r -> r.limit(3).exclusiveStartTableName(s));
            assertThat(page.tableNames().size()).isLessThanOrEqualTo(3);
            seen.addAll(page.tableNames());
            start = page.lastEvaluatedTableName();
            pages++;
        } while (start != null && pages < 100);
        assertThat(seen).isSorted().doesNotHaveDuplicates().containsAll(created);
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    private static HttpResponse<String> post(String operation, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(local.local().endpoint())
                .header("X-Amz-Target", "DynamoDB_20120810." + operation).header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void malformedRequests_get4xxAndChangeNothing(DynamoDbClient ddb) throws Exception {
        String table = DdbFixture.createTable(local.local(), ddb, "malformed");
        String[] bodies = {
            "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"S\":\"s\"},\"v\":{\"N\":42}}}",
            "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"S\":\"s\"},\"v\":{\"S\":\"a\",\"N\":\"1\"}}}",
            "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"S\":\"s\"},\"v\":{\"B\":\"***\"}}}",
            "{\"TableName\":\"" + table + "\",\"Item\":[1,2]}",
            "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"S\":\"s\"}},\"ConditionExpression\":\"a = \"}",
            "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"S\":\"s\"}",
            "not json at all",
            "{\"TableName\":42,\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"S\":\"s\"}}}",
        };
        for (String body : bodies) {
            HttpResponse<String> r = post("PutItem", body);
            assertThat(r.statusCode()).as(body + " -> " + r.body()).isBetween(400, 499);
            assertThat(r.body()).as(body).contains("__type").containsAnyOf("ValidationException", "SerializationException");
        }
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "s"))).hasItem()).isFalse();
        assertThat(post("NoSuchOperation", "{}").body()).contains("UnknownOperationException");
    }
}
