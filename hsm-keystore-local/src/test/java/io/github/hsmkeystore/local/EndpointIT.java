package io.github.hsmkeystore.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kms.KmsClient;

/** The shared endpoint: routing, AWS-shaped errors for what it cannot answer, loopback binding. */
class EndpointIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void endpoint_isLoopbackOnly(LocalHsmKeyStore emulator) {
        assertThat(emulator.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(emulator.port()).isPositive();
    }

    @Test
    void unknownTarget_answers400UnknownOperation() throws Exception {
        HttpResponse<String> r = post("NoSuchService.DoThings", "{}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("UnknownOperationException");
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).hasValue("UnknownOperationException");
    }

    @Test
    void badJson_answers400SerializationException() throws Exception {
        HttpResponse<String> r = post("TrentService.ListKeys", "{not json");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("SerializationException");
    }

    @Test
    void jsonThatIsNotAnObject_answers400SerializationException() throws Exception {
        HttpResponse<String> r = post("TrentService.ListKeys", "[1,2]");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("SerializationException");
    }

    /** DynamoDB answers a GET / with its health text (docs/emulator-http.md "Plain HTTP"); earlier versions: 400. */
    @Test
    void get_answersDynamoDbHealthNotAServerError() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(local.local().endpoint()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("healthy: dynamodb.us-east-1.amazonaws.com ");
    }

    @Test
    void injectedFault_reachesSdkWithTypeAndChangesNothing(KmsClient kms, LocalHsmKeyStore emulator) {
        emulator.faults().failNext("kms", "ListKeys", 1, 400, "AccessDeniedException", "injected");
        assertThatThrownBy(kms::listKeys)
                .isInstanceOf(AwsServiceException.class)
                .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        assertThat(emulator.requests()).anySatisfy(r -> {
            assertThat(r.operation()).isEqualTo("ListKeys");
            assertThat(r.errorType()).contains("AccessDeniedException");
        });
    }

    @Test
    void adminClock_movesEmulatorTimeForward(LocalHsmKeyStore emulator) throws Exception {
        var before = emulator.now();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/_local/clock"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"advanceSeconds\": 86400}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(emulator.now()).isAfterOrEqualTo(before.plusSeconds(86400));
    }

    @Test
    void adminClock_rejectsNegative(LocalHsmKeyStore emulator) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/_local/clock"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"advanceSeconds\": -5}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("advanceSeconds");
    }

    private HttpResponse<String> post(String target, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(local.local().endpoint())
                .header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
