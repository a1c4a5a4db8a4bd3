package io.github.hsmkeystore.local.internal.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the HTTP server (docs/emulator-http.md "Limits and deadlines").
 *
 * @param port             the loopback port, 0 for a free one
 * @param maxConnections   connections served at once; a further one is answered 503 and closed
 * @param headerTimeout    how long a client has to send a request line and headers, counted from the connection or
 *                         from the first byte of a further request on it (slow-loris bound)
 * @param bodyTimeout      how long a client has to send a body once its headers are in
 * @param idleTimeout      how long a kept-alive connection may wait for its next request
 * @param maxInFlightBytes memory that buffered request bodies and their parsed trees may take at once, across all
 *                         connections; a body counts {@link #TREE_FACTOR} times its size
 * @param policy           which Host and Origin headers are answered
 */
public record ServerConfig(int port, int maxConnections, Duration headerTimeout, Duration bodyTimeout,
                           Duration idleTimeout, long maxInFlightBytes, RequestPolicy policy) {
    /** A body's parsed JSON tree takes several times the body: a body is counted this many times its size. */
    public static final int TREE_FACTOR = 8;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        positive(headerTimeout, "headerTimeout");
        positive(bodyTimeout, "bodyTimeout");
        positive(idleTimeout, "idleTimeout");
        if (maxInFlightBytes < 1) {
            throw new IllegalArgumentException("maxInFlightBytes must be positive, got " + maxInFlightBytes);
        }
        Objects.requireNonNull(policy, "policy");
    }

    /** The defaults: deadlines 10 s / 30 s / 60 s, half the heap for requests in flight, loopback hosts only. */
    public static ServerConfig defaults(int port, int maxConnections) {
        return new ServerConfig(port, maxConnections, DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                defaultInFlightBytes(), RequestPolicy.loopbackOnly());
    }

    /** Half of the JVM's maximum heap. */
    public static long defaultInFlightBytes() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    public ServerConfig withTimeouts(Duration header, Duration body, Duration idle) {
        return new ServerConfig(port, maxConnections, header, body, idle, maxInFlightBytes, policy);
    }

    public ServerConfig withMaxInFlightBytes(long bytes) {
        return new ServerConfig(port, maxConnections, headerTimeout, bodyTimeout, idleTimeout, bytes, policy);
    }

    public ServerConfig withPolicy(RequestPolicy p) {
        return new ServerConfig(port, maxConnections, headerTimeout, bodyTimeout, idleTimeout, maxInFlightBytes, p);
    }

    private static void positive(Duration d, String name) {
        if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
