package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Errors as DynamoDB sends them ({@code __type} {@code com.amazon.coral.validate#ValidationException},
 * {@code com.amazon.coral.service#SerializationException} / {@code #UnknownOperationException},
 * {@code com.amazonaws.dynamodb.v20120810#...}), and the error code each client reads from them: the Java SDK v2,
 * boto3 and the AWS CLI (docs/dynamodb-validation.md, "Error types").
 */
class DynamoDbErrorTypesIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String table;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void createTable() {
        table = DdbFixture.createTable(local.local(), local.local().dynamoDbClient(), "errors");
    }

    private HttpResponse<String> post(String operation, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(local.local().endpoint()).timeout(Duration.ofSeconds(30))
                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void wire_errorTypesAndMessageMembers_areDynamoDbs() throws Exception {
        HttpResponse<String> validation = post("DescribeTable", "{\"TableName\":\"a;\"}");
        assertThat(validation.statusCode()).isEqualTo(400);
        JsonNode v = JSON.readTree(validation.body());
        assertThat(v.get("__type").asText()).isEqualTo("com.amazon.coral.validate#ValidationException");
        assertThat(v.get("message").asText()).startsWith("2 validation errors detected: Value 'a;' at 'tableName'");

        JsonNode serialization = JSON.readTree(post("DescribeTable", "{\"TableName\":5}").body());
        assertThat(serialization.get("__type").asText()).isEqualTo("com.amazon.coral.service#SerializationException");
        assertThat(serialization.get("Message").asText()).isEqualTo("NUMBER_VALUE cannot be converted to String");

        JsonNode unknown = JSON.readTree(post("DescribeLimits", "{}").body());
        assertThat(unknown.get("__type").asText()).isEqualTo("com.amazon.coral.service#UnknownOperationException");
        assertThat(unknown.get("Message").asText()).contains("DescribeLimits");

        JsonNode notFound = JSON.readTree(post("DescribeTable", "{\"TableName\":\"no-such-table\"}").body());
        assertThat(notFound.get("__type").asText()).isEqualTo("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
        assertThat(notFound.get("message").asText()).contains("no-such-table");
    }

    @Test
    void javaSdk_readsEachErrorCode(DynamoDbClient ddb) {
        DynamoDbException validation = (DynamoDbException) catchThrowable(() -> ddb.describeTable(r -> r.tableName("a;")));
        assertThat(validation.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(validation.awsErrorDetails().errorMessage()).contains("Member must satisfy regular expression pattern");

        DynamoDbException unknown = (DynamoDbException) catchThrowable(ddb::describeLimits);
        assertThat(unknown.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
        assertThat(unknown.awsErrorDetails().errorMessage()).contains("DescribeLimits");

        assertThat(catchThrowable(() -> ddb.getItem(r -> r.tableName("no-such-table").key(key("a", "b")))))
                .isInstanceOf(ResourceNotFoundException.class);
        ddb.putItem(r -> r.tableName(table).item(key("sdk", "1")));
        assertThat(catchThrowable(() -> ddb.putItem(r -> r.tableName(table).item(key("sdk", "1"))
                .conditionExpression("attribute_not_exists(pk)")))).isInstanceOf(ConditionalCheckFailedException.class)
                .hasMessageContaining("The conditional request failed");
        Throwable canceled = catchThrowable(() -> ddb.transactWriteItems(r -> r.transactItems(t -> t.conditionCheck(
                c -> c.tableName(table).key(key("sdk", "1")).conditionExpression("attribute_not_exists(pk)")))));
        assertThat(canceled).isInstanceOf(TransactionCanceledException.class);
        assertThat(((TransactionCanceledException) canceled).cancellationReasons()).extracting(c -> c.code())
                .containsExactly("ConditionalCheckFailed");
    }

    @Test
    void batchGetItem_over100KeysOverSeveralTables_isTooManyItems_over100ForOneTable_isTheModelConstraint(DynamoDbClient ddb) {
        String other = DdbFixture.createTable(local.local(), ddb, "errors-other");
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            keys.add(key("many", "k" + i));
        }
        KeysAndAttributes sixty =
                KeysAndAttributes.builder().keys(keys.subList(0, 60)).build();
        DdbFixture.assertAwsError(() -> ddb.batchGetItem(r -> r.requestItems(Map.of(table, sixty, other, sixty))),
                "ValidationException", "Too many items requested for the BatchGetItem call");
        DdbFixture.assertAwsError(() -> ddb.batchGetItem(r -> r.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(keys).build()))),
                "ValidationException", "' at 'requestItems." + table + ".member.keys' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 100");
    }

    @Test
    void javaSdk_readsSerializationException() {
        // the SDK never sends a wrong type itself: swap the body for one of the same length with a number as TableName
        ExecutionInterceptor wrongType = new ExecutionInterceptor() {
            @Override
            public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                return Optional.of(RequestBody.fromString("{\"TableName\":123456}"));
            }
        };
        try (DynamoDbClient raw = LocalHsmKeyStore.configure(DynamoDbClient.builder(), local.local().endpoint())
                .overrideConfiguration(c -> c.addExecutionInterceptor(wrongType).retryStrategy(r -> r.maxAttempts(1)))
                .build()) {
            DynamoDbException e = (DynamoDbException) catchThrowable(() -> raw.describeTable(r -> r.tableName("abcd")));
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SerializationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("NUMBER_VALUE cannot be converted to String");
            assertThat(e.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void boto3_readsEachErrorCode() throws Exception {
        assumeTrue(run(List.of("python3", "-c", "import boto3")).exit == 0,
                "python3 with boto3 is not installed: the boto3 error-code check is skipped");
        Result r = run(List.of("python3", Path.of("src", "test", "python", "ddb_errors.py").toString(),
                local.local().endpoint().toString(), table));
        assertThat(r.exit).as(r.output).isZero();
        JsonNode result = JSON.readTree(r.output.strip().lines().reduce((a, b) -> b).orElseThrow());
        Map<String, String> expected = Map.of("validation", "ValidationException", "serialization", "SerializationException",
                "unknownOperation", "UnknownOperationException", "resourceNotFound", "ResourceNotFoundException",
                "conditionalCheckFailed", "ConditionalCheckFailedException", "transactionCanceled", "TransactionCanceledException");
        expected.forEach((kind, code) -> {
            assertThat(result.get(kind).get("code").asText()).as(kind + ": " + result).isEqualTo(code);
            assertThat(result.get(kind).get("status").asInt()).as(kind).isEqualTo(400);
        });
        assertThat(result.get("serialization").get("message").asText()).isEqualTo("STRING_VALUE cannot be converted to Integer");
        assertThat(result.get("transactionCanceled").get("reasons").get(0).asText()).isEqualTo("ConditionalCheckFailed");
    }

    @Test
    void awsCli_readsEachErrorCode() throws Exception {
        assumeTrue(run(List.of("aws", "--version")).exit == 0, "the AWS CLI is not installed: the CLI error-code check is skipped");
        String endpoint = local.local().endpoint().toString();
        Result validation = run(List.of("aws", "dynamodb", "describe-table", "--table-name", "a;", "--endpoint-url", endpoint));
        assertThat(validation.exit).as(validation.output).isNotZero();
        assertThat(validation.output).contains("(ValidationException)").contains("failed to satisfy constraint");
        Result unknown = run(List.of("aws", "dynamodb", "describe-limits", "--endpoint-url", endpoint));
        assertThat(unknown.output).contains("(UnknownOperationException)");
        Result notFound = run(List.of("aws", "dynamodb", "describe-table", "--table-name", "no-such-table", "--endpoint-url", endpoint));
        assertThat(notFound.output).contains("(ResourceNotFoundException)");
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws InterruptedException {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("AWS_ACCESS_KEY_ID", "test");
            env.put("AWS_SECRET_ACCESS_KEY", "test");
            env.put("AWS_DEFAULT_REGION", "us-east-1");
            env.put("AWS_MAX_ATTEMPTS", "1");
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        }
    }
}
