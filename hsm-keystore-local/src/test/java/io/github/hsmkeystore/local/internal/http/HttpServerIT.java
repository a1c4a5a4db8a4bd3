package io.github.hsmkeystore.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's HTTP/1.1 server on raw sockets: keep-alive, bodies by Content-Length and chunked, Expect:
 * 100-continue, Connection: close, bad requests, the connection limit. The handler echoes what it received.
 */
class LoopbackHttpServerIT {
    private static final HttpHandler ECHO = exchange -> {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String text = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body.length + " "
                    + new String(body, StandardCharsets.UTF_8);
            byte[] out = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        }
    };

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private Socket connect(LoopbackHttpServer server) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(5000);
        toClose.add(s);
        return s;
    }

    private LoopbackHttpServer server(int maxConnections, HttpHandler handler) {
        LoopbackHttpServer server = new LoopbackHttpServer(0, maxConnections, handler);
        toClose.add(server);
        return server;
    }

    /** One response: status line, headers (lower-case names), body by Content-Length. */
    private record Response(String statusLine, java.util.Map<String, String> headers, String body) {
    }

    private static Response readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), l.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Response(statusLine, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new IOException("connection closed after: " + b);
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static void send(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    @Test
    void keepAlive_threeRequestsOnOneConnection_allAnsweredInOrder() throws IOException {
        LoopbackHttpServer server = server(8, ECHO);
        Socket s = connect(server);
        for (int i = 0; i < 3; i++) {
            String body = "{\"n\":" + i + "}";
            send(s, "POST /r" + i + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            Response r = readResponse(s.getInputStream());
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(r.body()).isEqualTo("POST /r" + i + " " + body.length() + " " + body);
            assertThat(r.headers()).doesNotContainKey("connection");
        }
    }

    @Test
    void chunkedBody_decodedWithExtensionsAndTrailers() throws IOException {
        LoopbackHttpServer server = server(8, ECHO);
        Socket s = connect(server);
        send(s, "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
        assertThat(readResponse(s.getInputStream()).body()).isEqualTo("POST /c 11 hello world");
        send(s, "GET /after HTTP/1.1\r\n\r\n");
        assertThat(readResponse(s.getInputStream()).body()).isEqualTo("GET /after 0 ");
    }

    @Test
    void expectContinue_answered100BeforeTheBody() throws IOException {
        LoopbackHttpServer server = server(8, ECHO);
        Socket s = connect(server);
        send(s, "POST /e HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
        InputStream in = s.getInputStream();
        assertThat(line(in)).isEqualTo("HTTP/1.1 100 Continue");
        assertThat(line(in)).isEmpty();
        send(s, "{}");
        assertThat(readResponse(in).body()).isEqualTo("POST /e 2 {}");
    }

    @Test
    void connectionClose_answeredThenClosed() throws IOException {
        LoopbackHttpServer server = server(8, ECHO);
        Socket s = connect(server);
        send(s, "GET /bye HTTP/1.1\r\nConnection: close\r\n\r\n");
        Response r = readResponse(s.getInputStream());
        assertThat(r.headers()).containsEntry("connection", "close");
        assertThat(s.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void http10WithoutKeepAlive_closedAfterTheResponse() throws IOException {
        LoopbackHttpServer server = server(8, ECHO);
        Socket s = connect(server);
        send(s, "GET /old HTTP/1.0\r\n\r\n");
        assertThat(readResponse(s.getInputStream()).body()).isEqualTo("GET /old 0 ");
        assertThat(s.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void unreadBody_skippedSoTheNextRequestIsIntact() throws IOException {
        HttpHandler ignoresBody = exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, 2);
                exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            }
        };
        LoopbackHttpServer server = server(8, ignoresBody);
        Socket s = connect(server);
        send(s, "POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789POST /b HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        assertThat(readResponse(s.getInputStream()).body()).isEqualTo("ok");
        assertThat(readResponse(s.getInputStream()).body()).isEqualTo("ok");
    }

    @Test
    void malformedRequestLine_400AndClosed() throws IOException {
        LoopbackHttpServer server = server(8, ECHO);
        Socket s = connect(server);
        send(s, "NONSENSE\r\n\r\n");
        Response r = readResponse(s.getInputStream());
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(r.body()).contains("Malformed HTTP request line");
        assertThat(s.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void invalidContentLength_400() throws IOException {
        LoopbackHttpServer server = server(8, ECHO);
        Socket s = connect(server);
        send(s, "POST / HTTP/1.1\r\nContent-Length: -3\r\n\r\n");
        Response r = readResponse(s.getInputStream());
        assertThat(r.statusLine()).startsWith("HTTP/1.1 400");
        assertThat(r.body()).contains("Invalid Content-Length: -3");
    }

    @Test
    void oversizedHeaders_431() throws IOException {
        LoopbackHttpServer server = server(8, ECHO);
        Socket s = connect(server);
        send(s, "GET / HTTP/1.1\r\nX-Big: " + "a".repeat(LoopbackHttpServer.MAX_HEADER_BYTES) + "\r\n\r\n");
        Response r = readResponse(s.getInputStream());
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
    }

    @Test
    void connectionsBeyondTheLimit_503ServiceUnavailable() throws IOException {
        LoopbackHttpServer server = server(1, ECHO);
        Socket first = connect(server);
        send(first, "GET /1 HTTP/1.1\r\n\r\n");
        assertThat(readResponse(first.getInputStream()).body()).isEqualTo("GET /1 0 ");
        Socket second = connect(server);
        Response refused = readResponse(second.getInputStream());
        assertThat(refused.statusLine()).isEqualTo("HTTP/1.1 503 Service Unavailable");
        assertThat(refused.body()).contains("ServiceUnavailableException").contains("maxConnections");
        send(first, "GET /2 HTTP/1.1\r\n\r\n");
        assertThat(readResponse(first.getInputStream()).body()).isEqualTo("GET /2 0 ");
    }

    @Test
    void handlerThatNeverAnswers_500() throws IOException {
        LoopbackHttpServer server = server(8, exchange -> {
        });
        Socket s = connect(server);
        send(s, "GET / HTTP/1.1\r\n\r\n");
        assertThat(readResponse(s.getInputStream()).statusLine()).isEqualTo("HTTP/1.1 500 Internal Server Error");
    }

    @Test
    void close_endsOpenKeepAliveConnections() throws IOException {
        LoopbackHttpServer server = server(8, ECHO);
        Socket s = connect(server);
        send(s, "GET / HTTP/1.1\r\n\r\n");
        readResponse(s.getInputStream());
        server.close();
        assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
}
