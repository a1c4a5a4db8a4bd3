package io.github.hsmkeystore.local.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The HTTP client under the emulator's ready-made SDK clients: the SDK's {@link UrlConnectionHttpClient} over the
 * JDK's {@link HttpURLConnection}, for the emulator's plain-http loopback endpoint only (docs/emulator-clients.md).
 *
 * <p>Connections come from a factory that opens a plain {@code HttpURLConnection}, so no {@code SSLContext}, trust
 * store or Apache HttpClient is set up (about 300 ms of a cold JVM's first {@code cloudHsmClient()} with the Apache
 * client). Behaviour, checked by {@code ReadyMadeClientsIT} and {@code LoopbackHttpClientIT}:
 * <ul>
 *   <li><b>Timeouts</b>: connect {@value #CONNECT_TIMEOUT_MILLIS} ms, read {@value #READ_TIMEOUT_MILLIS} ms, the AWS
 *   SDK's global HTTP defaults that the Apache client had. They are set here because
 *   {@code UrlConnectionHttpClient.create(factory)} ignores the SDK's defaults and {@code HttpURLConnection}'s own
 *   are infinite.</li>
 *   <li><b>Keep-alive</b>: the JDK's keep-alive cache (one per JVM) reuses a connection for sequential calls. It keeps
 *   at most {@code http.maxConnections} (default 5) idle connections per host and port and drops one idle for 5 s
 *   ({@code http.keepAlive.time.server}); calls from more threads than that open further loopback connections, which
 *   are closed after their call. There is no limit on connections in use at once (the Apache client had 64); the
 *   emulator's {@code maxConnections} (default 256) bounds them.</li>
 *   <li><b>No silent resend of a POST</b>: {@code HttpURLConnection} resends a request once on a new connection when
 *   reading the answer fails ({@code sun.net.http.retryPost}, true by default), but only a request whose body it
 *   buffered. The SDK gives every request with a body its {@code Content-Length}, so {@code UrlConnectionHttpClient}
 *   streams it ({@code setFixedLengthStreamingMode}) and the JDK never resends it: a failure reaches the SDK, whose
 *   retry policy decides. Before it sends such a POST on a cached connection the JDK checks that the server has not
 *   closed it (the emulator closes a connection idle for 60 s; the JDK drops its own after 5 s anyway) and opens a new
 *   one if it has. The emulator closes a connection only between requests (or when it is closed itself), so a
 *   request on a connection it closed was never executed.</li>
 *   <li><b>Headers</b>: {@code HttpURLConnection} drops the restricted headers the SDK sets ({@code Host},
 *   {@code Content-Length}, {@code Connection}) and writes its own, from the URL and the fixed-length mode.</li>
 *   <li><b>No proxy</b>: the endpoint is on this machine, so {@code http.proxyHost} and the system proxy selector are
 *   not consulted.</li>
 * </ul>
 */
public final class LoopbackHttpClient {
    /** The connect timeout in milliseconds: the SDK's default {@code CONNECTION_TIMEOUT}, 2 s. */
    public static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    /** The read timeout in milliseconds: the SDK's default {@code READ_TIMEOUT}, 30 s. */
    public static final int READ_TIMEOUT_MILLIS = 30_000;

    private LoopbackHttpClient() {
    }

    /**
     * A new HTTP client for plain-http loopback endpoints.
     *
     * @return an SDK HTTP client; closing it closes nothing (the JDK's cache owns idle connections)
     */
    public static SdkHttpClient create() {
        return UrlConnectionHttpClient.create(LoopbackHttpClient::open);
    }

    /** Opens (does not yet connect) a connection to a plain-http URI, without a proxy, with both timeouts. */
    static HttpURLConnection open(URI uri) {
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("The emulator's clients speak plain http to a loopback endpoint, got "
                    + uri.getScheme() + "://" + uri.getAuthority());
        }
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setReadTimeout(READ_TIMEOUT_MILLIS);
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a connection to " + uri.getAuthority(), e);
        }
    }
}
