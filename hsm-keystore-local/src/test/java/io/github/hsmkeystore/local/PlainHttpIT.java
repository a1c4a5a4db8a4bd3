package io.github.hsmkeystore.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What clients see of the endpoint as plain HTTP (docs/emulator-http.md): DynamoDB's GET / health answer, 404 for
 * other paths and methods, request ids and DynamoDB's x-amz-crc32, Region names checked, overflow-safe clock,
 * fault rules for known services only, KMS encryption contexts bound byte-exact.
 */
class PlainHttpIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    private final HttpClient http = HttpClient.newHttpClient();

    private static long crc32(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String target, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(local.local().endpoint()).header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.1").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b);
    }

    private HttpResponse<String> admin(String pathAndQuery, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(local.local().endpoint() + "/_local/" + pathAndQuery))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void getRoot_dynamoDbHealthWithCrc32AndRequestId() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(local.local().endpoint()).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("healthy: dynamodb.us-east-1.amazonaws.com ");
        assertThat(r.headers().firstValue("x-amz-crc32")).hasValue(Long.toString(crc32(r.body())));
        assertThat(r.headers().firstValue("x-amzn-RequestId")).hasValueSatisfying(id -> assertThat(id).matches("[0-9A-Z]{52}"));
    }

    @Test
    void otherMethodsAndPaths_404UnknownOperationAsDynamoDb() throws Exception {
        HttpResponse<String> put = send(HttpRequest.newBuilder(local.local().endpoint())
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(put.statusCode()).isEqualTo(404);
        assertThat(put.body()).isEqualTo("<UnknownOperationException/>\n");
        assertThat(put.headers().firstValue("x-amz-crc32")).hasValue("3552371480");
        HttpResponse<String> otherPath = send(HttpRequest.newBuilder(URI.create(local.local().endpoint() + "/index.html")).GET());
        assertThat(otherPath.statusCode()).isEqualTo(404);
        HttpResponse<String> delete = send(HttpRequest.newBuilder(local.local().endpoint()).DELETE());
        assertThat(delete.statusCode()).isEqualTo(404);
    }

    @Test
    void dynamoDbAnswers_carryCrc32OfTheirBody() throws Exception {
        HttpResponse<String> ok = api("DynamoDB_20120810.ListTables", "{}", null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("x-amz-crc32")).hasValue(Long.toString(crc32(ok.body())));
        HttpResponse<String> error = api("DynamoDB_20120810.DescribeTable", "{\"TableName\":\"nope\"}", null);
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.headers().firstValue("x-amz-crc32")).hasValue(Long.toString(crc32(error.body())));
    }

    @Test
    void javaSdk_verifiesCrc32_onEveryDynamoDbAnswer(DynamoDbClient dynamoDb) {
        // the SDK v2 DynamoDB client checks x-amz-crc32 when present and fails the call on a mismatch
        assertThat(dynamoDb.listTables().tableNames()).isNotNull();
        dynamoDb.createTable(t -> t.tableName("crc-check").billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .keySchema(k -> k.attributeName("id").keyType("HASH")));
        assertThat(dynamoDb.describeTable(d -> d.tableName("crc-check")).table().tableName()).isEqualTo("crc-check");
    }

    @Test
    void kmsAnswers_carryRequestIdButNoCrc32() throws Exception {
        HttpResponse<String> r = api("TrentService.ListKeys", "{}", null);
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(r.headers().firstValue("x-amz-crc32")).isEmpty();
    }

    @Test
    void sigV4ScopeWithInvalidRegion_400NamingIt_noStateCreated() throws Exception {
        HttpResponse<String> r = api("TrentService.CreateKey", "{}",
                "AWS4-HMAC-SHA256 Credential=AKID/20260101/Not_A_Region/kms/aws4_request, SignedHeaders=host, Signature=x");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("InvalidSignatureException").contains("Credential should be scoped to a valid region, not 'Not_A_Region'");
        assertThat(local.local().requests()).noneMatch(q -> q.region().equals("Not_A_Region"));
    }

    @Test
    void sigV4ScopeWithValidRegion_isUsed() throws Exception {
        HttpResponse<String> r = api("TrentService.ListKeys", "{}",
                "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-central-2/kms/aws4_request, SignedHeaders=host, Signature=x");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(local.local().requests()).anyMatch(q -> q.region().equals("eu-central-2"));
    }

    @Test
    void adminRegionParameter_invalid_400NamingIt() throws Exception {
        HttpResponse<String> r = admin("cloudhsm/clusters/cluster-abcdefghijk/activate?region=mars-1", "{\"adminPassword\":\"x\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("ValidationException").contains("region mars-1");
    }

    @Test
    void adminClock_hugeAdvance_400NotAServerError_andNeverWrapsBackwards() throws Exception {
        var before = local.local().now();
        HttpResponse<String> huge = admin("clock", "{\"advanceSeconds\": 9223372036854775807}");
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(huge.body()).contains("advanceSeconds");
        HttpResponse<String> first = admin("clock", "{\"advanceSeconds\": 9200000000}");
        HttpResponse<String> second = admin("clock", "{\"advanceSeconds\": 9200000000}");
        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(local.local().now()).isAfterOrEqualTo(before);
        assertThatThrownBy(() -> local.local().advanceClock(Duration.ofSeconds(9_200_000_000L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("days ahead of real time");
    }

    @Test
    void faultForUnknownService_refusedListingTheValidNames() {
        assertThatThrownBy(() -> local.local().faults().failNext("cloudhsm", "*", 1, 500, "X", "y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cloudhsmv2").hasMessageContaining("kms");
    }

    @Test
    void builderRegion_invalid_refused() {
        assertThatThrownBy(() -> LocalHsmKeyStore.builder().region("anything goes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("anything goes");
    }

    @Test
    void encryptionContextWithLoneSurrogate_boundByteExact() throws Exception {
        HttpResponse<String> key = api("TrentService.CreateKey", "{}", null);
        String keyId = field(key.body(), "KeyId");
        HttpResponse<String> enc = api("TrentService.Encrypt", "{\"KeyId\":\"" + keyId
                + "\",\"Plaintext\":\"AAEC\",\"EncryptionContext\":{\"k\":\"\\ud800\"}}", null);
        assertThat(enc.statusCode()).isEqualTo(200);
        String blob = field(enc.body(), "CiphertextBlob");
        HttpResponse<String> withQuestionMark = api("TrentService.Decrypt", "{\"CiphertextBlob\":\"" + blob
                + "\",\"EncryptionContext\":{\"k\":\"?\"}}", null);
        assertThat(withQuestionMark.statusCode()).isEqualTo(400);
        assertThat(withQuestionMark.body()).contains("InvalidCiphertextException");
        HttpResponse<String> exact = api("TrentService.Decrypt", "{\"CiphertextBlob\":\"" + blob
                + "\",\"EncryptionContext\":{\"k\":\"\\ud800\"}}", null);
        assertThat(exact.statusCode()).isEqualTo(200);
    }

    @Test
    void allowedHostAndOrigin_fromTheStandaloneFlags_areAnswered_othersRefused() throws Exception {
        try (LocalHsmKeyStore configured = Main.parse(new String[] {"--allow-host", "hsm-local",
                "--allow-origin", "http://localhost:3000"}).start()) {
            assertThat(rawStatus(configured, "Host: hsm-local:4566\r\nOrigin: http://localhost:3000\r\n")).isEqualTo(200);
            assertThat(rawStatus(configured, "Host: other-name\r\n")).isEqualTo(403);
            assertThat(rawStatus(configured, "Host: localhost\r\nOrigin: http://localhost:3001\r\n")).isEqualTo(403);
        }
    }

    private static int rawStatus(LocalHsmKeyStore emulator, String headers) throws Exception {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), emulator.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET / HTTP/1.1\r\n" + headers + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(response.substring(9, 12));
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }
}
