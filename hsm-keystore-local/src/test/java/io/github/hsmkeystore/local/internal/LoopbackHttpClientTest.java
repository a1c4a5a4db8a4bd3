package io.github.hsmkeystore.local.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/** {@link LoopbackHttpClient} refuses https before any connection is made (its https socket factory refuses). */
class LoopbackHttpClientTest {
    @Test
    void create_httpsRequest_refusedNamingPlainHttpAndTheHost() {
        try (SdkHttpClient client = LoopbackHttpClient.create()) {
            SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                    .uri(URI.create("https://127.0.0.1:4566/")).build();

            assertThatThrownBy(() -> client.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("plain http").hasMessageContaining("https://127.0.0.1:4566");
        }
    }

    @Test
    void plainHttpOnly_createSocket_refused() {
        assertThatThrownBy(() -> new LoopbackHttpClient.PlainHttpOnly().createSocket(null))
                .isInstanceOf(IOException.class).hasMessageContaining("plain http");
    }
}
