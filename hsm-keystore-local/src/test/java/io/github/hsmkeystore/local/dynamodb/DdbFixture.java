package io.github.hsmkeystore.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Helpers shared by the DynamoDB tests: tables with unique names, attribute values, AWS error assertions. */
final class DdbFixture {
    private DdbFixture() {
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** A PAY_PER_REQUEST table with string partition key {@code pk} and string sort key {@code sk}, made ACTIVE. */
    static String createTable(LocalHsmKeyStore local, DynamoDbClient ddb, String prefix) {
        return createTable(local, ddb, prefix, b -> { });
    }

    /** As {@link #createTable(LocalHsmKeyStore, DynamoDbClient, String)}, with extra settings. */
    static String createTable(LocalHsmKeyStore local, DynamoDbClient ddb, String prefix, Consumer<CreateTableRequest.Builder> extra) {
        String name = uniqueName(prefix);
        CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(name)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .billingMode(BillingMode.PAY_PER_REQUEST);
        extra.accept(b);
        ddb.createTable(b.build());
        awaitActive(local, ddb, name);
        return name;
    }

    /** Moves the emulator clock past the transition delay and checks that the table is ACTIVE. */
    static void awaitActive(LocalHsmKeyStore local, DynamoDbClient ddb, String table) {
        local.advanceClock(Duration.ofSeconds(5));
        assertThat(ddb.describeTable(r -> r.tableName(table)).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    /** Asserts that {@code call} fails with the AWS error {@code code} whose message contains {@code fragment}. */
    static AwsServiceException assertAwsError(ThrowingCallable call, String code, String fragment) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("expected %s", code).isInstanceOf(AwsServiceException.class);
        AwsServiceException e = (AwsServiceException) t;
        assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.awsErrorDetails().errorMessage()).contains(fragment);
        assertThat(e.statusCode()).isBetween(400, 499);
        return e;
    }
}
