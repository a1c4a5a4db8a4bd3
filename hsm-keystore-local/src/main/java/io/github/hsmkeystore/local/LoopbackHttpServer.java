package io.github.hsmkeystore.local;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server on 127.0.0.1: one thread per connection, blocking reads, keep-alive. It replaces the JDK's
 * {@code com.sun.net.httpserver} server, which hands every request from its selector thread to a worker thread: on two
 * cores that hand-off cost more than the emulator's own work per request. It serves exactly what the AWS SDKs,
 * boto3, the AWS CLI and curl send: requests with a {@code Content-Length} or a chunked body,
 * {@code Expect: 100-continue}, keep-alive and {@code Connection: close}. Every response is written in one piece with
 * a {@code Content-Length}.
 *
 * <p>Connections beyond {@code maxConnections} are answered {@code 503} and closed; an idle connection is closed
 * after {@link #IDLE_TIMEOUT_MILLIS}, as the SDKs expect of any server.
 */
final class LoopbackHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoopbackHttpServer.class);
    static final int IDLE_TIMEOUT_MILLIS = 60_000;
    static final int MAX_HEADER_BYTES = 64 * 1024;

    private final ServerSocket serverSocket;
    private final HttpHandler handler;
    private final int maxConnections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    LoopbackHttpServer(int port, int maxConnections, HttpHandler handler) {
        this.handler = handler;
        this.maxConnections = maxConnections;
        try {
            serverSocket = new ServerSocket();
            serverSocket.setReuseAddress(true);
            serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind hsm-keystore-local to 127.0.0.1:" + port
                    + " (is the port in use? use port 0 for a free one)", e);
        }
        acceptor = new Thread(this::acceptLoop, "hsm-keystore-local-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.error("hsm-keystore-local stopped accepting connections", e);
                }
                return;
            }
            if (open.size() >= maxConnections) {
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
            byte[] body = ("{\"__type\":\"ServiceUnavailableException\",\"message\":\"hsm-keystore-local serves at most "
                    + maxConnections + " connections at once (LocalHsmKeyStore.builder().maxConnections)\"}")
                    .getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(LoopbackExchange.responseBytes(503, "Service Unavailable",
                    java.util.Map.of("Content-Type", java.util.List.of("application/json")), body, true));
        } catch (IOException ignored) {
            // the client went away first
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
            InputStream in = new ConnectionInput(socket.getInputStream(), 16 * 1024);
            OutputStream out = socket.getOutputStream();
            InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
            InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
            while (!closed) {
                LoopbackExchange exchange;
                try {
                    exchange = LoopbackExchange.read(in, out, local, remote);
                } catch (LoopbackExchange.BadRequest e) {
                    out.write(LoopbackExchange.responseBytes(e.status, e.reason,
                            java.util.Map.of("Content-Type", java.util.List.of("text/plain")),
                            e.getMessage().getBytes(StandardCharsets.UTF_8), true));
                    return;
                }
                if (exchange == null) {
                    return; // the client closed the connection between requests
                }
                handler.handle(exchange);
                exchange.finish();
                if (!exchange.keepAlive()) {
                    return;
                }
            }
        } catch (SocketTimeoutException | SocketException e) {
            // idle keep-alive connection timed out, or the client reset it: nothing to answer
        } catch (IOException e) {
            log.debug("hsm-keystore-local connection ended: {}", e.toString());
        } finally {
            open.remove(socket);
        }
    }

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
