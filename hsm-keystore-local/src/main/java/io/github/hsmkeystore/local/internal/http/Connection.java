package io.github.hsmkeystore.local.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection on its own thread: reads bytes within the current deadline, lets the strict
 * {@link Http1Decoder} turn them into requests, checks each request head (Host and Origin, body limit, memory
 * budget), collects the body, answers it with the {@link RequestHandler} and writes the response. Requests on one connection are answered in order. Every refusal is
 * an AWS-shaped JSON error after which the connection is closed, so no byte after a refused request is ever read as a
 * request of its own.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private enum Phase { HEADERS, BODY, IDLE }

    private final Socket socket;
    private final ServerConfig config;
    private final RequestHandler handler;
    private final InFlightBudget budget;
    private final Http1Decoder decoder = new Http1Decoder();
    private OutputStream out;
    private Phase phase = Phase.HEADERS;
    private boolean bytesSeen;
    private long deadline;
    private boolean closing;
    private boolean refused;
    private Http1Decoder.Head head;
    private String path;
    private String query;
    private boolean chunked;
    private long limit;
    private long reserved;
    private byte[] body = new byte[0];
    private int bodyLength;
    private boolean keepAlive;

    Connection(Socket socket, ServerConfig config, RequestHandler handler, InFlightBudget budget) {
        this.socket = socket;
        this.config = config;
        this.handler = handler;
        this.budget = budget;
    }

    /** Serves requests until the client leaves, a deadline passes, a request is refused or {@code closed} turns true. */
    void serve(BooleanSupplier closed) {
        try {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            out = socket.getOutputStream();
            startPhase(Phase.HEADERS, config.headerTimeout());
            byte[] buffer = new byte[16 * 1024];
            while (!closing && !closed.getAsBoolean()) {
                Http1Decoder.Event event;
                while (!closing && (event = decoder.next()) != null) {
                    process(event);
                }
                if (closing) {
                    break;
                }
                int n = read(in, buffer);
                if (n == -2) {
                    expire();
                    break;
                }
                if (n == -1) {
                    endOfInput();
                    break;
                }
                if (!bytesSeen) {
                    bytesSeen = true;
                    if (phase == Phase.IDLE) {
                        startPhase(Phase.HEADERS, config.headerTimeout());
                    }
                }
                decoder.feed(buffer, 0, n);
            }
            if (refused) {
                drainAfterRefusal(in, buffer);
            }
        } catch (IOException e) {
            log.debug("hsm-keystore-local connection ended: {}", e.toString());
        } finally {
            releaseBudget();
        }
    }

    /**
     * After a refusal, a lingering close: the answer is sent and our side shut, then what the client is still sending
     * (a body too large, say) is read and dropped, bounded in bytes and time. Closing with unread bytes would reset the
     * connection, and the client would lose the answer (a broken pipe instead of the 413). Nothing drained is parsed.
     */
    private void drainAfterRefusal(InputStream in, byte[] buffer) throws IOException {
        socket.shutdownOutput();
        startPhase(Phase.IDLE, Duration.ofSeconds(2));
        long left = 64L * 1024 * 1024;
        int n;
        while (left > 0 && (n = read(in, buffer)) >= 0) {
            left -= n;
        }
    }

    /** Reads what is there: the count, -1 at the end of input, -2 when the deadline has passed. */
    private int read(InputStream in, byte[] buffer) throws IOException {
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return -2;
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000)));
            try {
                return in.read(buffer);
            } catch (SocketTimeoutException e) {
                // loop: the deadline decides
            }
        }
    }

    private void startPhase(Phase next, Duration timeout) {
        phase = next;
        deadline = System.nanoTime() + timeout.toNanos();
    }

    private void process(Http1Decoder.Event event) throws IOException {
        if (event instanceof Http1Decoder.Failure failure) {
            refuse(failure.response());
        } else if (event instanceof Http1Decoder.Head h) {
            onHead(h);
        } else if (event instanceof Http1Decoder.BodyPart part && phase == Phase.BODY) {
            onContent(part);
        }
    }

    private void onHead(Http1Decoder.Head request) throws IOException {
        head = request;
        Headers headers = request.headers();
        chunked = request.contentLength() < 0;
        try {
            URI uri = new URI(request.target());
            path = uri.getRawPath();
            query = uri.getRawQuery();
            if (path == null || !path.startsWith("/") || uri.getScheme() != null && !uri.getScheme().equalsIgnoreCase("http")) {
                throw new URISyntaxException(clip(request.target()), "not a path or an http URL");
            }
        } catch (URISyntaxException e) {
            refuse(badRequest("Malformed request target " + clip(request.target()) + ": " + e.getReason()));
            return;
        }
        String expect = headers.get("Expect");
        if (expect != null && !expect.trim().equalsIgnoreCase("100-continue")) {
            refuse(Response.awsError(417, "ExpectationFailedException", "Only Expect: 100-continue is supported"));
            return;
        }
        Response refusal = config.policy().check(request, path);
        if (refusal != null) {
            refuse(refusal);
            return;
        }
        limit = handler.bodyLimit(request.method(), path, headers);
        long length = chunked ? 0L : request.contentLength();
        if (length > limit) {
            refuse(tooLarge());
            return;
        }
        bodyLength = 0;
        if (!reserve(length)) {
            return;
        }
        keepAlive = request.http10() ? headers.containsToken("Connection", "keep-alive")
                : !headers.containsToken("Connection", "close");
        body = new byte[(int) Math.min(length > 0 ? length : 1024, 64 * 1024)];
        if (expect != null && !request.http10()) {
            out.write(CONTINUE);
            out.flush();
        }
        startPhase(Phase.BODY, config.bodyTimeout());
    }

    private void onContent(Http1Decoder.BodyPart part) throws IOException {
        int n = part.length();
        if (n > 0) {
            if ((long) bodyLength + n > limit) {
                refuse(tooLarge());
                return;
            }
            if (chunked && !reserve(n)) {
                return;
            }
            if (bodyLength + n > body.length) {
                body = Arrays.copyOf(body, (int) Math.min(limit, Math.max((long) body.length * 2, (long) bodyLength + n)));
            }
            System.arraycopy(part.bytes(), part.offset(), body, bodyLength, n);
            bodyLength += n;
        }
        if (part.last()) {
            answer();
        }
    }

    /** Takes {@code bodyBytes} (times the tree factor) of the in-flight budget, or refuses the request. */
    private boolean reserve(long bodyBytes) throws IOException {
        long need = bodyBytes * ServerConfig.TREE_FACTOR;
        if (need == 0) {
            return true;
        }
        if (reserved + need > budget.max()) {
            refuse(Response.awsError(413, "RequestEntityTooLargeException", "A request body of " + (bodyLength + bodyBytes)
                    + " bytes needs more memory than hsm-keystore-local may use for requests in flight ("
                    + budget.max() / (1024 * 1024) + " MB, half the JVM heap): give the JVM more heap (-Xmx)"));
            return false;
        }
        if (!budget.tryReserve(need)) {
            refuse(Response.awsError(503, "ServiceUnavailableException", "hsm-keystore-local is holding as many request"
                    + " bodies as its memory allows (" + budget.max() / (1024 * 1024) + " MB); retry"));
            return false;
        }
        reserved += need;
        return true;
    }

    private void answer() throws IOException {
        Request request = new Request(head.method(), path, query, head.headers(),
                bodyLength == body.length ? body : Arrays.copyOf(body, bodyLength));
        body = new byte[0];
        Response response;
        try {
            response = handler.handle(request);
        } catch (RuntimeException | Error e) {
            log.error("Unexpected failure answering {} {}", request.method(), request.path(), e);
            response = Response.awsError(500, "InternalFailure", "hsm-keystore-local failed unexpectedly: " + e);
        } finally {
            // the body and its parsed tree are done with: free their share before the client can read the answer
            releaseBudget();
        }
        if (response.headers().getOrDefault("Connection", "").equalsIgnoreCase("close")) {
            keepAlive = false;
        }
        out.write(render(response, keepAlive, head.http10()));
        out.flush();
        if (!keepAlive) {
            closing = true;
            return;
        }
        head = null;
        if (decoder.pending()) {
            bytesSeen = true; // the next request has begun to arrive
            startPhase(Phase.HEADERS, config.headerTimeout());
        } else {
            bytesSeen = false;
            startPhase(Phase.IDLE, config.idleTimeout());
        }
    }

    /** Answers with an error and ends the connection: nothing after a refused request is read. */
    private void refuse(Response response) throws IOException {
        closing = true;
        refused = true;
        releaseBudget();
        out.write(render(response, false, false));
        out.flush();
    }

    private void expire() throws IOException {
        if (phase == Phase.BODY || phase == Phase.HEADERS && bytesSeen) {
            String what = phase == Phase.BODY ? "body" : "request line and headers";
            Duration allowed = phase == Phase.BODY ? config.bodyTimeout() : config.headerTimeout();
            refuse(Response.awsError(408, "RequestTimeoutException", "The request " + what + " did not arrive within "
                    + allowed.toMillis() + " ms; the connection is closed"));
        }
        // idle, or connected and silent: nothing to answer
    }

    private void endOfInput() throws IOException {
        if (phase == Phase.BODY || phase == Phase.HEADERS && bytesSeen) {
            refuse(badRequest("The client closed its side before the request was complete (truncated request)"));
        }
    }

    /** A response in one piece, with a {@code Content-Length}. */
    static byte[] render(Response response, boolean keepAlive, boolean http10) {
        StringBuilder headBuilder = new StringBuilder(256).append("HTTP/1.1 ").append(response.status()).append(' ')
                .append(reasonPhrase(response.status())).append("\r\n");
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("Content-Length") && !h.getKey().equalsIgnoreCase("Connection")) {
                headBuilder.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
        }
        byte[] payload = response.body();
        headBuilder.append("Content-Length: ").append(payload.length).append("\r\n");
        if (!keepAlive) {
            headBuilder.append("Connection: close\r\n");
        } else if (http10) {
            headBuilder.append("Connection: keep-alive\r\n");
        }
        headBuilder.append("\r\n");
        byte[] h = headBuilder.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(h, h.length + payload.length);
        System.arraycopy(payload, 0, all, h.length, payload.length);
        return all;
    }

    /** The reason phrase of a status the emulator sends (RFC 9110 15); clients ignore it. */
    static String reasonPhrase(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 417 -> "Expectation Failed";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> status < 300 ? "OK" : status < 500 ? "Client Error" : "Server Error";
        };
    }

    private static Response badRequest(String message) {
        return Response.awsError(400, "BadRequestException", message);
    }

    private Response tooLarge() {
        return Response.awsError(413, "RequestEntityTooLargeException", "Request body exceeds " + limit
                + " bytes, the most this service accepts (docs/emulator-http.md)");
    }

    private void releaseBudget() {
        if (reserved > 0) {
            budget.release(reserved);
            reserved = 0;
        }
    }

    private static String clip(String s) {
        return Http1Decoder.clip(s);
    }
}
