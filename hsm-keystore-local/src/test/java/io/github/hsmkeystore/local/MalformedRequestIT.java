package io.github.hsmkeystore.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;

/**
 * Requests no SDK would send: each gets a 4xx AWS-shaped error (never a 5xx, which SDKs retry) and changes no state.
 */
class MalformedRequestIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String target, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(local.local().endpoint())
                .header("X-Amz-Target", target).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int clusterCount(CloudHsmV2Client hsm) {
        return hsm.describeClusters().clusters().size();
    }

    @Test
    void createCluster_withSubnetIdsAsString_isSerializationErrorAndCreatesNothing(CloudHsmV2Client hsm) throws Exception {
        int before = clusterCount(hsm);
        HttpResponse<String> r = post("BaldrApiService.CreateCluster", "application/x-amz-json-1.1",
                "{\"HsmType\": \"hsm2m.medium\", \"SubnetIds\": \"subnet-0a1b2c3d\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("SerializationException").contains("SubnetIds");
        assertThat(clusterCount(hsm)).isEqualTo(before);
    }

    @Test
    void createCluster_withHsmTypeAsNumber_isSerializationError(CloudHsmV2Client hsm) throws Exception {
        int before = clusterCount(hsm);
        HttpResponse<String> r = post("BaldrApiService.CreateCluster", "application/x-amz-json-1.1",
                "{\"HsmType\": 42, \"SubnetIds\": [\"subnet-0a1b2c3d\"]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("SerializationException");
        assertThat(clusterCount(hsm)).isEqualTo(before);
    }

    @Test
    void createCluster_withoutRequiredMember_isValidationErrorNamingIt(CloudHsmV2Client hsm) throws Exception {
        HttpResponse<String> r = post("BaldrApiService.CreateCluster", "application/x-amz-json-1.1", "{\"HsmType\": \"hsm2m.medium\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("ValidationException").contains("subnetIds");
    }

    @Test
    void cloudHsmErrors_useCapitalMessageMember() throws Exception {
        HttpResponse<String> r = post("BaldrApiService.DeleteCluster", "application/x-amz-json-1.1",
                "{\"ClusterId\": \"cluster-aaaaaaaaaaa\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"__type\":\"CloudHsmResourceNotFoundException\"").contains("\"Message\"");
    }

    @Test
    void duplicateJsonMembers_areRejected(CloudHsmV2Client hsm) throws Exception {
        int before = clusterCount(hsm);
        HttpResponse<String> r = post("BaldrApiService.CreateCluster", "application/x-amz-json-1.1",
                "{\"HsmType\": \"hsm2m.medium\", \"HsmType\": \"hsm1.medium\", \"SubnetIds\": [\"subnet-0a1b2c3d\"]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("SerializationException");
        assertThat(clusterCount(hsm)).isEqualTo(before);
    }

    @Test
    void oversizedBody_is413NotAServerError() throws Exception {
        String huge = "{\"Plaintext\": \"" + "A".repeat(HttpFrontEnd.MAX_BODY_BYTES) + "\"}";
        HttpResponse<String> r = post("TrentService.Encrypt", "application/x-amz-json-1.1", huge);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("RequestEntityTooLargeException");
    }

    @Test
    void unknownOperationOfKnownService_is400() throws Exception {
        HttpResponse<String> r = post("BaldrApiService.GetResourcePolicy", "application/x-amz-json-1.1", "{}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("UnknownOperationException").contains("GetResourcePolicy");
    }
}
