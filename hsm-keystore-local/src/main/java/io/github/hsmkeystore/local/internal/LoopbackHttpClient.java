package io.github.hsmkeystore.local.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.apache.http.HttpHost;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;
import org.apache.http.protocol.HttpCoreContext;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;

/**
 * The HTTP client under the emulator's ready-made SDK clients: the SDK's {@link ApacheHttpClient} set up for the
 * emulator's plain-http loopback endpoint only (docs/emulator-clients.md).
 *
 * <ul>
 *   <li><b>No TLS set-up</b>: the socket factory for https is {@link PlainHttpOnly}, which refuses, so the client
 *   never builds an {@code SSLContext} with the JDK trust store (about 150 ms of a cold JVM's first client, for an
 *   endpoint that never uses TLS).</li>
 *   <li><b>No proxy</b>: the endpoint is on this machine, so neither the {@code http.proxyHost} system properties nor
 *   the {@code HTTP_PROXY} environment variables are read.</li>
 *   <li>Timeouts are the SDK's defaults (connect 2 s, read 30 s), connections kept alive and pooled (64 at most).</li>
 * </ul>
 *
 * <p>Not the JDK's {@code HttpURLConnection} ({@code UrlConnectionHttpClient}): before it reuses a kept-alive
 * connection for a POST it streams, the JDK waits 1 ms for the server to have closed it, which capped sequential
 * calls at about 650 a second against 4,000-7,000 with this client.
 */
public final class LoopbackHttpClient {
    /** Connections in the pool at most, in use or idle. */
    public static final int MAX_CONNECTIONS = 64;

    private LoopbackHttpClient() {
    }

    /**
     * A new HTTP client for plain-http loopback endpoints.
     *
     * @return an SDK HTTP client, to close after use
     */
    public static SdkHttpClient create() {
        return ApacheHttpClient.builder()
                .maxConnections(MAX_CONNECTIONS)
                .socketFactory(new PlainHttpOnly())
                .proxyConfiguration(ProxyConfiguration.builder().useSystemPropertyValues(false)
                        .useEnvironmentVariableValues(false).build())
                .build();
    }

    /** The socket factory for https: refuses, naming the host; the emulator's clients speak plain http. */
    static final class PlainHttpOnly implements ConnectionSocketFactory {
        @Override
        public Socket createSocket(HttpContext context) throws IOException {
            throw refused(context == null ? null : HttpCoreContext.adapt(context).getTargetHost());
        }

        @Override
        public Socket connectSocket(int connectTimeout, Socket socket, HttpHost host, InetSocketAddress remoteAddress,
                                    InetSocketAddress localAddress, HttpContext context) throws IOException {
            throw refused(host);
        }

        private static IOException refused(HttpHost host) {
            return new IOException("The emulator's clients speak plain http to a loopback endpoint"
                    + (host == null ? "" : ", not " + host.toURI()));
        }
    }
}
