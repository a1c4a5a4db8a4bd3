package io.github.hsmkeystore.local.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's HTTP/1.1 server on 127.0.0.1 (docs/emulator-http.md). Requests are parsed
 * strictly ({@link Http1Decoder}); connections are served one thread each with blocking reads, so a slow
 * request (a lock, an injected latency, the HSM network model) holds up only its own connection and a request costs
 * no hand-off between threads. Limits: {@link ServerConfig#maxConnections()} connections, header, body and idle
 * deadlines, a body limit per request and a bound on the memory of all requests in flight.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final ServerConfig config;
    private final RequestHandler handler;
    private final InFlightBudget budget;
    private final ServerSocket serverSocket;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closed;

    public HttpServer(ServerConfig config, RequestHandler handler) {
        this.config = config;
        this.handler = handler;
        this.budget = new InFlightBudget(config.maxInFlightBytes());
        try {
            serverSocket = new ServerSocket();
            serverSocket.setReuseAddress(true);
            serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind hsm-keystore-local to 127.0.0.1:" + config.port()
                    + " (is the port in use? use port 0 for a free one)", e);
        }
        acceptor = new Thread(this::acceptLoop, "hsm-keystore-local-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port bound on 127.0.0.1. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Connections open now (for tests). */
    public int openConnections() {
        return open.size();
    }

    /** Connections accepted since the start, refused ones included (for tests). */
    public long acceptedConnections() {
        return accepted.get();
    }

    /** Bytes of the in-flight budget taken now (for tests). */
    long inFlightBytes() {
        return budget.used();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
                accepted.incrementAndGet();
            } catch (IOException e) {
                if (!closed) {
                    log.error("hsm-keystore-local stopped accepting connections", e);
                }
                return;
            }
            if (open.size() >= config.maxConnections()) {
                refuse(socket);
                continue;
            }
            open.add(socket);
            Thread t = new Thread(() -> serve(socket), "hsm-keystore-local-http-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    private void refuse(Socket socket) {
        try (socket) {
            Response refusal = Response.awsError(503, "ServiceUnavailableException", "hsm-keystore-local serves at most "
                    + config.maxConnections() + " connections at once (LocalHsmKeyStore.builder().maxConnections,"
                    + " --max-connections)");
            OutputStream out = socket.getOutputStream();
            out.write(Connection.render(refusal, false, false));
            out.flush();
        } catch (IOException ignored) {
            // the client went away first
        }
    }

    private void serve(Socket socket) {
        try {
            new Connection(socket, config, handler, budget).serve(() -> closed);
        } finally {
            open.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
