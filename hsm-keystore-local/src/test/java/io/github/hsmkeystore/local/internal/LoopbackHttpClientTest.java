package io.github.hsmkeystore.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.HttpURLConnection;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The connections {@link LoopbackHttpClient} opens (nothing is connected here): the SDK's default timeouts set
 * explicitly, since {@code UrlConnectionHttpClient.create(factory)} ignores them and HttpURLConnection's are infinite.
 */
class LoopbackHttpClientTest {
    @Test
    void open_plainHttpLoopback_sdkDefaultConnectAndReadTimeouts() {
        HttpURLConnection c = LoopbackHttpClient.open(URI.create("http://127.0.0.1:4566/"));

        assertThat(c.getConnectTimeout()).isEqualTo(2_000);
        assertThat(c.getReadTimeout()).isEqualTo(30_000);
        assertThat(c.usingProxy()).isFalse();
    }

    @Test
    void open_https_refusedNamingPlainHttp() {
        assertThatThrownBy(() -> LoopbackHttpClient.open(URI.create("https://127.0.0.1:4566/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain http").hasMessageContaining("https://127.0.0.1:4566");
    }
}
