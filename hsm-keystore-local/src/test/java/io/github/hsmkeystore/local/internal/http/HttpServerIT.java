package io.github.hsmkeystore.local.internal.http;

import static io.github.hsmkeystore.local.internal.http.RawHttp.closedByServer;
import static io.github.hsmkeystore.local.internal.http.RawHttp.read;
import static io.github.hsmkeystore.local.internal.http.RawHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.internal.http.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's HTTP/1.1 server on raw sockets: keep-alive, bodies by Content-Length and chunked, Expect:
 * 100-continue, Connection: close, HTTP/1.0, pipelining, bad requests, the connection limit. The handler echoes what it
 * received.
 */
class HttpServerIT {
    static final Function<Request, Response> ECHO = r -> new Response(200, "text/plain",
            (r.method() + " " + r.path() + (r.query() == null ? "" : "?" + r.query()) + " " + r.body().length + " "
                    + new String(r.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** A handler with a body limit of {@code limit} bytes. */
    static RequestHandler handler(long limit, Function<Request, Response> answer) {
        return new RequestHandler() {
            @Override
            public long bodyLimit(String method, String path, Headers headers) {
                return limit;
            }

            @Override
            public Response handle(Request request) {
                return answer.apply(request);
            }
        };
    }

    HttpServer server(ServerConfig config, RequestHandler handler) {
        HttpServer server = new HttpServer(config, handler);
        toClose.add(server);
        return server;
    }

    HttpServer echoServer(int maxConnections) {
        return server(ServerConfig.defaults(0, maxConnections), handler(1 << 20, ECHO));
    }

    Socket connect(HttpServer server) throws IOException {
        Socket s = RawHttp.connect(server.port());
        toClose.add(s);
        return s;
    }

    @Test
    void keepAlive_threeRequestsOnOneConnection_allAnsweredInOrder() throws IOException {
        Socket s = connect(echoServer(8));
        for (int i = 0; i < 3; i++) {
            String body = "{\"n\":" + i + "}";
            send(s, "POST /r" + i + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            RawHttp.Response r = read(s);
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(r.body()).isEqualTo("POST /r" + i + " " + body.length() + " " + body);
            assertThat(r.headers()).doesNotContainKey("connection").containsKey("x-amzn-requestid");
        }
    }

    @Test
    void chunkedBody_decodedWithExtensionsAndTrailers() throws IOException {
        Socket s = connect(echoServer(8));
        send(s, "POST /c HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
        assertThat(read(s).body()).isEqualTo("POST /c 11 hello world");
        send(s, "GET /after HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(read(s).body()).isEqualTo("GET /after 0 ");
    }

    @Test
    void expectContinue_answered100BeforeTheBody() throws IOException {
        Socket s = connect(echoServer(8));
        send(s, "POST /e HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
        InputStream in = s.getInputStream();
        assertThat(RawHttp.line(in)).isEqualTo("HTTP/1.1 100 Continue");
        assertThat(RawHttp.line(in)).isEmpty();
        send(s, "{}");
        assertThat(read(s).body()).isEqualTo("POST /e 2 {}");
    }

    @Test
    void expectOtherThanContinue_417AndClosed() throws IOException {
        Socket s = connect(echoServer(8));
        send(s, "POST /e HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nExpect: 200-ok\r\n\r\n{}");
        RawHttp.Response r = read(s);
        assertThat(r.status()).isEqualTo(417);
        assertThat(r.body()).contains("ExpectationFailedException").contains("100-continue");
        assertThat(closedByServer(s)).isTrue();
    }

    @Test
    void connectionClose_answeredThenClosed() throws IOException {
        Socket s = connect(echoServer(8));
        send(s, "GET /bye HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        RawHttp.Response r = read(s);
        assertThat(r.headers()).containsEntry("connection", "close");
        assertThat(closedByServer(s)).isTrue();
    }

    @Test
    void http10WithoutKeepAlive_closedAfterTheResponse() throws IOException {
        Socket s = connect(echoServer(8));
        send(s, "GET /old HTTP/1.0\r\n\r\n");
        assertThat(read(s).body()).isEqualTo("GET /old 0 ");
        assertThat(closedByServer(s)).isTrue();
    }

    @Test
    void http10WithKeepAlive_keptOpen() throws IOException {
        Socket s = connect(echoServer(8));
        send(s, "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        RawHttp.Response first = read(s);
        assertThat(first.headers()).containsEntry("connection", "keep-alive");
        send(s, "GET /b HTTP/1.0\r\n\r\n");
        assertThat(read(s).body()).isEqualTo("GET /b 0 ");
    }

    @Test
    void pipelinedRequests_answeredInOrder() throws IOException {
        Socket s = connect(echoServer(8));
        send(s, "POST /a HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n0123456789"
                + "POST /b?x=1 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
        assertThat(read(s).body()).isEqualTo("POST /a 10 0123456789");
        assertThat(read(s).body()).isEqualTo("POST /b?x=1 0 ");
    }

    @Test
    void malformedRequestLine_400JsonAndClosed() throws IOException {
        Socket s = connect(echoServer(8));
        send(s, "NONSENSE\r\n\r\n");
        RawHttp.Response r = read(s);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.headers()).containsEntry("x-amzn-errortype", "BadRequestException")
                .containsEntry("content-type", "application/x-amz-json-1.1");
        assertThat(r.body()).startsWith("{\"__type\":\"BadRequestException\",\"message\":");
        assertThat(closedByServer(s)).isTrue();
    }

    @Test
    void requestTargetNotAPath_400() throws IOException {
        Socket s = connect(echoServer(8));
        send(s, "POST mailto:x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
        RawHttp.Response r = read(s);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("Malformed request target mailto:x");
    }

    @Test
    void invalidContentLength_400() throws IOException {
        Socket s = connect(echoServer(8));
        send(s, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: -3\r\n\r\n");
        RawHttp.Response r = read(s);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("BadRequestException").contains("Content-Length");
    }

    @Test
    void oversizedHeaders_431() throws IOException {
        Socket s = connect(echoServer(8));
        send(s, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(Http1Decoder.MAX_HEADER_BYTES) + "\r\n\r\n");
        RawHttp.Response r = read(s);
        assertThat(r.status()).isEqualTo(431);
        assertThat(r.body()).contains("RequestHeaderFieldsTooLargeException");
    }

    @Test
    void connectionsBeyondTheLimit_503ServiceUnavailable() throws IOException {
        HttpServer server = echoServer(1);
        Socket first = connect(server);
        send(first, "GET /1 HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(read(first).body()).isEqualTo("GET /1 0 ");
        Socket second = connect(server);
        RawHttp.Response refused = read(second);
        assertThat(refused.statusLine()).isEqualTo("HTTP/1.1 503 Service Unavailable");
        assertThat(refused.body()).contains("ServiceUnavailableException").contains("maxConnections");
        send(first, "GET /2 HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(read(first).body()).isEqualTo("GET /2 0 ");
    }

    @Test
    void handlerThatThrows_500AwsShaped() throws IOException {
        HttpServer server = server(ServerConfig.defaults(0, 8), handler(100, r -> {
            throw new IllegalStateException("boom");
        }));
        Socket s = connect(server);
        send(s, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        RawHttp.Response r = read(s);
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 500 Internal Server Error");
        assertThat(r.body()).contains("InternalFailure");
    }

    @Test
    void slowRequest_holdsUpOnlyItsOwnConnection() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        HttpServer server = server(ServerConfig.defaults(0, 8), handler(100, r -> {
            if (r.path().equals("/slow")) {
                try {
                    release.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ECHO.apply(r);
        }));
        Socket slow = connect(server);
        send(slow, "GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n");
        Socket fast = connect(server);
        for (int i = 0; i < 20; i++) {
            send(fast, "GET /fast HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(read(fast).body()).isEqualTo("GET /fast 0 ");
        }
        assertThat(slow.getInputStream().available()).as("the slow request is still being handled").isZero();
        release.countDown();
        assertThat(read(slow).body()).isEqualTo("GET /slow 0 ");
    }

    @Test
    void close_endsOpenKeepAliveConnections() throws IOException {
        HttpServer server = echoServer(8);
        Socket s = connect(server);
        send(s, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        read(s);
        server.close();
        assertThat(closedByServer(s)).isTrue();
    }
}
