package io.github.hsmkeystore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

class ReplayHttpClientTest {
    /** Answers "<target> #<n>" and counts calls. */
    private static final class CountingClient implements SdkHttpClient {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    String body = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElseThrow() + " #" + calls.incrementAndGet();
                    return HttpExecuteResponse.builder().response(SdkHttpResponse.builder().statusCode(200).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public void close() {
        }
    }

    private static HttpExecuteRequest request(String target) {
        SdkHttpRequest http = SdkHttpRequest.builder().uri(URI.create("http://127.0.0.1:1/")).method(SdkHttpMethod.POST)
                .putHeader("X-Amz-Target", target).build();
        return HttpExecuteRequest.builder().request(http).contentStreamProvider(() -> new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))).build();
    }

    private static String call(SdkHttpClient client, String target) throws IOException {
        HttpExecuteResponse r = client.prepareRequest(request(target)).call();
        return new String(r.responseBody().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void replay_answersTheLastRecordedBodyPerTarget_withoutCallingTheDelegate() throws IOException {
        CountingClient real = new CountingClient();
        ReplayHttpClient replay = new ReplayHttpClient(real);
        assertThat(call(replay, "DynamoDB_20120810.GetItem")).isEqualTo("DynamoDB_20120810.GetItem #1");
        assertThat(call(replay, "DynamoDB_20120810.GetItem")).isEqualTo("DynamoDB_20120810.GetItem #2");
        assertThat(call(replay, "DynamoDB_20120810.PutItem")).isEqualTo("DynamoDB_20120810.PutItem #3");
        replay.replay();
        for (int i = 0; i < 3; i++) {
            assertThat(call(replay, "DynamoDB_20120810.GetItem")).isEqualTo("DynamoDB_20120810.GetItem #2");
        }
        assertThat(call(replay, "DynamoDB_20120810.PutItem")).isEqualTo("DynamoDB_20120810.PutItem #3");
        assertThat(real.calls).hasValue(3);
        assertThat(replay.recordedTargets()).containsExactly("DynamoDB_20120810.GetItem", "DynamoDB_20120810.PutItem");
    }

    @Test
    void replay_targetNeverRecorded_failsNamingIt() {
        ReplayHttpClient replay = new ReplayHttpClient(new CountingClient());
        replay.replay();
        assertThatThrownBy(() -> call(replay, "DynamoDB_20120810.Scan"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No answer recorded for DynamoDB_20120810.Scan");
    }
}
