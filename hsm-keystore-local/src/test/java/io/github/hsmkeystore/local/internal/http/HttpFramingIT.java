package io.github.hsmkeystore.local.internal.http;

import static io.github.hsmkeystore.local.internal.http.RawHttp.closedByServer;
import static io.github.hsmkeystore.local.internal.http.RawHttp.read;
import static io.github.hsmkeystore.local.internal.http.RawHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Framing attacks on raw sockets: each is answered 400 (never 5xx), the connection is closed, and no byte of the
 * attack ever reaches the handler as a request of its own (the handler records every request it sees).
 */
class HttpFramingIT {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private Socket socket;

    @BeforeEach
    void start() throws IOException {
        server = new HttpServer(ServerConfig.defaults(0, 16), HttpServerIT.handler(1 << 20, r -> {
            seen.add(r.method() + " " + r.path());
            return HttpServerIT.ECHO.apply(r);
        }));
        socket = RawHttp.connect(server.port());
    }

    @AfterEach
    void stop() throws IOException {
        socket.close();
        server.close();
    }

    private RawHttp.Response refusedWith400(String request) throws IOException {
        send(socket, request);
        RawHttp.Response r = read(socket);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.headers()).containsEntry("x-amzn-errortype", "BadRequestException");
        assertThat(closedByServer(socket)).isTrue();
        assertThat(seen).noneMatch(s -> s.contains("/smuggled"));
        return r;
    }

    private static String chunked(String chunks) {
        return "POST /c HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks;
    }

    @Test
    void chunkSize_notHex_400() throws IOException {
        refusedWith400(chunked("zz\r\nhello\r\n0\r\n\r\n"));
        assertThat(seen).isEmpty();
    }

    @Test
    void chunkSize_negative_400() throws IOException {
        refusedWith400(chunked("-5\r\nhello\r\n0\r\n\r\n"));
        assertThat(seen).isEmpty();
    }

    @Test
    void chunkSize_overflowing_400() throws IOException {
        refusedWith400(chunked("fffffffffffffffffffff\r\nhello\r\n0\r\n\r\n"));
        assertThat(seen).isEmpty();
    }

    @Test
    void chunk_missingCrlfAfterData_400() throws IOException {
        refusedWith400(chunked("5\r\nhelloXX0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        assertThat(seen).isEmpty();
    }

    @Test
    void bareLineFeeds_400() throws IOException {
        refusedWith400("GET / HTTP/1.1\nHost: localhost\n\n");
        assertThat(seen).isEmpty();
    }

    @Test
    void contentLengthAndChunked_400AndNoSecondRequestFromTheBody() throws IOException {
        String body = "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n";
        RawHttp.Response r = refusedWith400("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length()
                + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
        assertThat(r.body()).contains("both Content-Length and Transfer-Encoding");
        assertThat(seen).isEmpty();
    }

    @Test
    void spaceBeforeTheColon_400() throws IOException {
        RawHttp.Response r = refusedWith400("GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding : chunked\r\n\r\n");
        assertThat(r.body()).contains("no whitespace before the colon");
        assertThat(seen).isEmpty();
    }

    @Test
    void obsoleteLineFolding_400() throws IOException {
        RawHttp.Response r = refusedWith400("GET / HTTP/1.1\r\nHost: localhost\r\nX-A: 1\r\n folded\r\n\r\n");
        assertThat(r.body()).contains("line folding");
        assertThat(seen).isEmpty();
    }

    @Test
    void twoHostHeaders_400() throws IOException {
        RawHttp.Response r = refusedWith400("GET / HTTP/1.1\r\nHost: localhost\r\nHost: attacker.example\r\n\r\n");
        assertThat(r.body()).contains("at most one Host header");
        assertThat(seen).isEmpty();
    }

    @Test
    void unsupportedHttpVersion_505AndClosed() throws IOException {
        send(socket, "GET / HTTP/2.0\r\nHost: localhost\r\n\r\n");
        RawHttp.Response r = read(socket);
        assertThat(r.status()).isEqualTo(505);
        assertThat(r.body()).contains("HttpVersionNotSupportedException").contains("HTTP/2.0");
        assertThat(closedByServer(socket)).isTrue();
        assertThat(seen).isEmpty();
    }

    @Test
    void transferEncodingOtherThanChunked_400() throws IOException {
        RawHttp.Response r = refusedWith400("POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
        assertThat(r.body()).contains("Transfer-Encoding gzip, chunked is not supported");
        assertThat(seen).isEmpty();
    }

    @Test
    void conflictingContentLengths_400() throws IOException {
        refusedWith400("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nContent-Length: 40\r\n\r\n"
                + "abcGET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(seen).isEmpty();
    }

    @Test
    void repeatedEqualContentLengths_400() throws IOException {
        refusedWith400("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc");
        assertThat(seen).isEmpty();
    }

    @Test
    void contentLengthList_400() throws IOException {
        refusedWith400("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3, 3\r\n\r\nabc");
        assertThat(seen).isEmpty();
    }

    @Test
    void truncatedFixedBody_clientHalfCloses_400() throws IOException {
        send(socket, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nabc");
        socket.shutdownOutput();
        RawHttp.Response r = read(socket);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("truncated");
        assertThat(seen).isEmpty();
    }

    @Test
    void truncatedChunkedBody_clientHalfCloses_400() throws IOException {
        send(socket, chunked("a\r\nabc"));
        socket.shutdownOutput();
        RawHttp.Response r = read(socket);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("truncated");
        assertThat(seen).isEmpty();
    }

    @Test
    void truncatedHeaders_clientHalfCloses_400() throws IOException {
        send(socket, "POST / HTTP/1.1\r\nHost: loc");
        socket.shutdownOutput();
        assertThat(read(socket).status()).isEqualTo(400);
        assertThat(seen).isEmpty();
    }

    @Test
    void validRequestAfterARefusedOne_onANewConnection_isAnswered() throws IOException {
        refusedWith400(chunked("zz\r\n"));
        try (Socket again = RawHttp.connect(server.port())) {
            send(again, "POST /ok HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}");
            assertThat(read(again).body()).isEqualTo("POST /ok 2 {}");
        }
        assertThat(seen).containsExactly("POST /ok");
    }

    @Test
    void binaryGarbage_400NeverAServerError() throws IOException {
        byte[] garbage = new byte[4096];
        new java.util.Random(42).nextBytes(garbage);
        garbage[garbage.length - 2] = '\r';
        garbage[garbage.length - 1] = '\n';
        socket.getOutputStream().write(garbage);
        socket.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        RawHttp.Response r = read(socket);
        assertThat(r.status()).isBetween(400, 499);
        assertThat(seen).isEmpty();
    }
}
