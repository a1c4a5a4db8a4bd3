package io.github.hsmkeystore.local.internal.http;

import static io.github.hsmkeystore.local.internal.http.RawHttp.closedByServer;
import static io.github.hsmkeystore.local.internal.http.RawHttp.read;
import static io.github.hsmkeystore.local.internal.http.RawHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Body limits, the in-flight memory budget, header/body/idle deadlines and slow clients, Host and Origin. */
class HttpLimitsIT {
    private static final Duration SHORT = Duration.ofMillis(400);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private HttpServer server(ServerConfig config, RequestHandler handler) {
        HttpServer server = new HttpServer(config, handler);
        toClose.add(server);
        return server;
    }

    private HttpServer shortDeadlines(int maxConnections) {
        return server(ServerConfig.defaults(0, maxConnections).withTimeouts(SHORT, SHORT, SHORT),
                HttpServerIT.handler(1000, HttpServerIT.ECHO));
    }

    private Socket connect(HttpServer server) throws IOException {
        Socket s = RawHttp.connect(server.port());
        toClose.add(s);
        return s;
    }

    @Test
    void bodyOverTheLimit_413BeforeTheBodyIsSent() throws IOException {
        HttpServer server = server(ServerConfig.defaults(0, 8), HttpServerIT.handler(100, HttpServerIT.ECHO));
        Socket s = connect(server);
        send(s, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 101\r\n\r\n");
        RawHttp.Response r = read(s);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.headers()).containsEntry("x-amzn-errortype", "RequestEntityTooLargeException");
        assertThat(r.body()).contains("exceeds 100 bytes");
        assertThat(closedByServer(s)).isTrue();
    }

    @Test
    void chunkedBodyGrowingOverTheLimit_413() throws IOException {
        HttpServer server = server(ServerConfig.defaults(0, 8), HttpServerIT.handler(100, HttpServerIT.ECHO));
        Socket s = connect(server);
        send(s, "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n" + "a".repeat(100)
                + "\r\n1\r\nb\r\n0\r\n\r\n");
        assertThat(read(s).status()).isEqualTo(413);
    }

    @Test
    void bodyAtTheLimit_answered() throws IOException {
        HttpServer server = server(ServerConfig.defaults(0, 8), HttpServerIT.handler(100, HttpServerIT.ECHO));
        Socket s = connect(server);
        send(s, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n" + "a".repeat(100));
        assertThat(read(s).status()).isEqualTo(200);
    }

    @Test
    void bodyNeedingMoreThanTheWholeBudget_413NamingTheHeap() throws IOException {
        HttpServer server = server(ServerConfig.defaults(0, 8).withMaxInFlightBytes(ServerConfig.TREE_FACTOR * 500L),
                HttpServerIT.handler(10_000, HttpServerIT.ECHO));
        Socket s = connect(server);
        send(s, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 501\r\n\r\n");
        RawHttp.Response r = read(s);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).contains("-Xmx");
    }

    @Test
    void budgetTakenByABodyInFlight_nextOne503_thenFreedAfterTheAnswer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = server(ServerConfig.defaults(0, 8).withMaxInFlightBytes(ServerConfig.TREE_FACTOR * 1000L),
                HttpServerIT.handler(10_000, r -> {
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return HttpServerIT.ECHO.apply(r);
                }));
        Socket first = connect(server);
        send(first, "POST /1 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 600\r\n\r\n" + "a".repeat(600));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.inFlightBytes() == 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(server.inFlightBytes()).isEqualTo(ServerConfig.TREE_FACTOR * 600L);
        Socket second = connect(server);
        send(second, "POST /2 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 600\r\n\r\n" + "a".repeat(600));
        RawHttp.Response refused = read(second);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body()).contains("ServiceUnavailableException").contains("retry");
        release.countDown();
        assertThat(read(first).status()).isEqualTo(200);
        assertThat(server.inFlightBytes()).isZero();
    }

    @Test
    void headersNotFinishedInTime_408AndClosed() throws IOException {
        Socket s = connect(shortDeadlines(8));
        send(s, "POST / HTTP/1.1\r\nHost: loc");
        RawHttp.Response r = read(s);
        assertThat(r.status()).isEqualTo(408);
        assertThat(r.body()).contains("RequestTimeoutException").contains("headers");
        assertThat(closedByServer(s)).isTrue();
    }

    @Test
    void headersDribbledByteByByte_stillCutAtTheDeadline() throws Exception {
        Socket s = connect(shortDeadlines(8));
        long start = System.nanoTime();
        String request = "POST / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(100);
        RawHttp.Response r = null;
        for (char c : request.toCharArray()) {
            try {
                send(s, String.valueOf(c));
            } catch (IOException closed) {
                break;
            }
            Thread.sleep(50);
            if (s.getInputStream().available() > 0) {
                r = read(s);
                break;
            }
        }
        assertThat(r).isNotNull();
        assertThat(r.status()).isEqualTo(408);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void bodyNotFinishedInTime_408() throws IOException {
        Socket s = connect(shortDeadlines(8));
        send(s, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nab");
        RawHttp.Response r = read(s);
        assertThat(r.status()).isEqualTo(408);
        assertThat(r.body()).contains("body");
    }

    @Test
    void silentConnection_closedWithoutAnswerAfterTheHeaderDeadline() throws IOException {
        Socket s = connect(shortDeadlines(8));
        assertThat(closedByServer(s)).isTrue();
    }

    @Test
    void idleKeptAliveConnection_closedAfterTheIdleTimeout() throws IOException {
        Socket s = connect(shortDeadlines(8));
        send(s, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(read(s).status()).isEqualTo(200);
        assertThat(closedByServer(s)).isTrue();
    }

    @Test
    void slowLoris_stalledClientsHoldEveryConnection_onlyUntilTheHeaderDeadline() throws Exception {
        HttpServer server = shortDeadlines(4);
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Socket s = connect(server);
            send(s, "POST / HTTP/1.1\r\nHost: localh");
            stalled.add(s);
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.openConnections() < 4 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        Socket locked = connect(server);
        assertThat(read(locked).status()).as("all connections held by stalled clients").isEqualTo(503);
        long start = System.nanoTime();
        RawHttp.Response served = null;
        while (served == null && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
            try (Socket s = RawHttp.connect(server.port())) {
                send(s, "GET /in HTTP/1.1\r\nHost: localhost\r\n\r\n");
                RawHttp.Response r = read(s);
                if (r.status() == 200) {
                    served = r;
                }
            }
            Thread.sleep(50);
        }
        assertThat(served).as("a normal client is served once the stalled ones pass their deadline").isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        for (Socket s : stalled) {
            assertThat(read(s).status()).isEqualTo(408);
        }
    }

    @Test
    void foreignHost_403NamingHostAndTheOption() throws IOException {
        Socket s = connect(shortDeadlines(8));
        send(s, "GET / HTTP/1.1\r\nHost: attacker.example:4566\r\n\r\n");
        RawHttp.Response r = read(s);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.headers()).containsEntry("x-amzn-errortype", "AccessDeniedException");
        assertThat(r.body()).contains("Host: attacker.example:4566").contains("allowedHosts").contains("--allow-host");
    }

    @Test
    void loopbackHosts_answered() throws IOException {
        HttpServer server = shortDeadlines(8);
        for (String host : List.of("localhost", "LOCALHOST:80", "127.0.0.1", "127.9.8.7:4566", "[::1]", "[::1]:4566")) {
            try (Socket s = RawHttp.connect(server.port())) {
                send(s, "GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
                assertThat(read(s).status()).as(host).isEqualTo(200);
            }
        }
    }

    @Test
    void configuredHostAndOrigin_answered_otherOrigin403() throws IOException {
        HttpServer server = server(ServerConfig.defaults(0, 8)
                        .withPolicy(new RequestPolicy(Set.of("hsm-local"), Set.of("http://localhost:3000"))),
                HttpServerIT.handler(1000, HttpServerIT.ECHO));
        try (Socket s = RawHttp.connect(server.port())) {
            send(s, "GET / HTTP/1.1\r\nHost: hsm-local:4566\r\nOrigin: http://localhost:3000\r\n\r\n");
            assertThat(read(s).status()).isEqualTo(200);
        }
        try (Socket s = RawHttp.connect(server.port())) {
            send(s, "GET / HTTP/1.1\r\nHost: localhost\r\nOrigin: http://evil.example\r\n\r\n");
            RawHttp.Response r = read(s);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body()).contains("Origin: http://evil.example").contains("allowedOrigins").contains("--allow-origin");
        }
    }

    @Test
    void browserOrigin_refusedByDefault() throws IOException {
        Socket s = connect(shortDeadlines(8));
        send(s, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: null\r\nContent-Length: 0\r\n\r\n");
        assertThat(read(s).status()).isEqualTo(403);
    }

    @Test
    void missingHostInHttp11_400() throws IOException {
        Socket s = connect(shortDeadlines(8));
        send(s, "GET / HTTP/1.1\r\n\r\n");
        RawHttp.Response r = read(s);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("Host header");
    }

    @Test
    void adminPostWithoutJsonContentType_403_withJson_answered() throws IOException {
        HttpServer server = shortDeadlines(8);
        try (Socket s = RawHttp.connect(server.port())) {
            send(s, "POST /_local/clock HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}");
            RawHttp.Response r = read(s);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body()).contains("Content-Type: application/json").contains("Content-Type: text/plain");
        }
        try (Socket s = RawHttp.connect(server.port())) {
            send(s, "POST /_local/clock HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json; charset=utf-8\r\n"
                    + "Content-Length: 2\r\n\r\n{}");
            assertThat(read(s).status()).isEqualTo(200);
        }
    }
}
