package io.github.hsmkeystore.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request/response on a {@link LoopbackHttpServer} connection, behind the JDK's {@link HttpExchange} API so that
 * {@link HttpFrontEnd} does not depend on which server runs it. The response is buffered and written in one piece,
 * with a {@code Content-Length}, when the exchange is closed.
 */
final class LoopbackExchange extends HttpExchange {
    /** Bodies left unread up to this size are skipped so the connection can be reused; larger ones close it. */
    private static final long MAX_DRAIN_BYTES = 1024 * 1024;

    /** A request that cannot be parsed: answered with {@link #status} and the connection closed. */
    static final class BadRequest extends IOException {
        final int status;
        final String reason;

        BadRequest(int status, String reason, String message) {
            super(message);
            this.status = status;
            this.reason = reason;
        }
    }

    private final String method;
    private final URI uri;
    private final String protocol;
    private final Headers requestHeaders;
    private final Headers responseHeaders = new Headers();
    private final BodyInputStream body;
    private final OutputStream out;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream(512);
    private final Map<String, Object> attributes = new HashMap<>(2);
    private boolean keepAlive;
    private int status = -1;
    private boolean written;
    private IOException writeFailure;

    private LoopbackExchange(String method, URI uri, String protocol, Headers requestHeaders, BodyInputStream body,
                             OutputStream out, InetSocketAddress local, InetSocketAddress remote, boolean keepAlive) {
        this.method = method;
        this.uri = uri;
        this.protocol = protocol;
        this.requestHeaders = requestHeaders;
        this.body = body;
        this.out = out;
        this.local = local;
        this.remote = remote;
        this.keepAlive = keepAlive;
    }

    /**
     * Reads the next request's line and headers (the body is read on demand by the handler).
     *
     * @return the exchange, or null if the client closed the connection before sending anything
     * @throws BadRequest if the request is not HTTP/1.x as this server understands it
     */
    static LoopbackExchange read(InputStream in, OutputStream out, InetSocketAddress local, InetSocketAddress remote)
            throws IOException {
        int[] budget = {LoopbackHttpServer.MAX_HEADER_BYTES};
        String requestLine = readLine(in, budget);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(in, budget); // tolerate stray CRLF between requests (RFC 9112 2.2)
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequest(400, "Bad Request", "Malformed HTTP request line");
        }
        URI uri;
        try {
            uri = new URI(parts[1]);
        } catch (java.net.URISyntaxException e) {
            throw new BadRequest(400, "Bad Request", "Malformed request target: " + e.getReason());
        }
        Headers headers = new Headers();
        for (String line = readLine(in, budget); ; line = readLine(in, budget)) {
            if (line == null) {
                throw new BadRequest(400, "Bad Request", "Connection closed inside the request headers");
            }
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest(400, "Bad Request", "Malformed header line");
            }
            headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        String connection = lower(headers.getFirst("Connection"));
        boolean http10 = parts[2].equals("HTTP/1.0");
        boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
        BodyInputStream body = bodyOf(in, headers);
        if (lower(headers.getFirst("Expect")).equals("100-continue") && !http10) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        return new LoopbackExchange(parts[0], uri, parts[2], headers, body, out, local, remote, keepAlive);
    }

    private static BodyInputStream bodyOf(InputStream in, Headers headers) throws BadRequest {
        String transferEncoding = lower(headers.getFirst("Transfer-Encoding"));
        if (!transferEncoding.isEmpty()) {
            if (!transferEncoding.equals("chunked")) {
                throw new BadRequest(501, "Not Implemented", "Transfer-Encoding " + transferEncoding + " is not supported");
            }
            return new BodyInputStream.Chunked(in);
        }
        String contentLength = headers.getFirst("Content-Length");
        if (contentLength == null) {
            return new BodyInputStream.Fixed(in, 0);
        }
        try {
            long length = Long.parseLong(contentLength.trim());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return new BodyInputStream.Fixed(in, length);
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "Bad Request", "Invalid Content-Length: " + contentLength);
        }
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    /** A CRLF- (or LF-) terminated line in ISO-8859-1, or null at end of stream before any byte. */
    private static String readLine(InputStream in, int[] budget) throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) != -1) {
            if (--budget[0] < 0) {
                throw new BadRequest(431, "Request Header Fields Too Large",
                        "Request line and headers exceed " + LoopbackHttpServer.MAX_HEADER_BYTES + " bytes");
            }
            if (c == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            line.append((char) c);
        }
        if (line.length() == 0) {
            return null;
        }
        throw new BadRequest(400, "Bad Request", "Connection closed inside a request line");
    }

    /**
     * Writes the response if the handler has not closed the exchange (a 500 if it never answered), then skips what is
     * left of the request body.
     */
    void finish() throws IOException {
        close();
        if (writeFailure != null) {
            throw writeFailure;
        }
        if (!body.skipRest(MAX_DRAIN_BYTES)) {
            keepAlive = false;
        }
    }

    /** Whether the connection may carry another request. */
    boolean keepAlive() {
        return keepAlive;
    }

    static byte[] responseBytes(int status, String reason, Map<String, List<String>> headers, byte[] body, boolean close) {
        StringBuilder head = new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")) {
                for (String v : values) {
                    head.append(name).append(": ").append(v).append("\r\n");
                }
            }
        });
        head.append("Content-Length: ").append(body.length).append("\r\n");
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return method;
    }

    @Override
    public HttpContext getHttpContext() {
        return null;
    }

    /** Writes the buffered response (once). */
    @Override
    public void close() {
        if (written) {
            return;
        }
        written = true;
        if (status < 0) {
            status = 500;
            responseBody.reset();
        }
        if (lower(responseHeaders.getFirst("Connection")).contains("close")) {
            keepAlive = false;
        }
        byte[] payload = status == 204 || status == 304 ? new byte[0] : responseBody.toByteArray();
        try {
            out.write(responseBytes(status, reason(status), responseHeaders, payload, !keepAlive));
            out.flush();
        } catch (IOException e) {
            keepAlive = false;
            writeFailure = e; // the client went away; finish() ends the connection
        }
    }

    @Override
    public InputStream getRequestBody() {
        return body;
    }

    @Override
    public OutputStream getResponseBody() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                responseBody.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                responseBody.write(b, off, len);
            }
        };
    }

    /** Records the status; the length is computed from what the handler writes. */
    @Override
    public void sendResponseHeaders(int rCode, long responseLength) {
        if (status >= 0) {
            throw new IllegalStateException("Response headers were already sent");
        }
        status = rCode;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return local;
    }

    @Override
    public String getProtocol() {
        return protocol;
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        throw new UnsupportedOperationException("hsm-keystore-local does not use HTTP filters");
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }
}
