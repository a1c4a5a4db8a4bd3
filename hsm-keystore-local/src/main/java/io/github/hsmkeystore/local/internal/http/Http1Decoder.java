package io.github.hsmkeystore.local.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * An incremental, strict HTTP/1.1 request decoder (RFC 9112), fed the bytes of one connection as they arrive and read
 * back as events: a {@link Head}, then the body as {@link BodyPart}s ending with one marked last, then the next
 * request; or a {@link Failure}, after which it decodes nothing more (the connection answers it and closes, so no byte
 * after a malformed request is ever read as a request of its own).
 *
 * <p>Strict where lenient parsing lets requests be smuggled or misread: lines end with CRLF only (a bare LF or CR is
 * refused); the request line is exactly {@code method SP target SP HTTP/1.x}; field names are tokens with no space
 * before the colon; obsolete line folding and control characters are refused; {@code Content-Length} is digits, once,
 * without overflow; {@code Transfer-Encoding} may only be {@code chunked}, never with {@code Content-Length} nor in
 * HTTP/1.0; chunk
 * sizes are hex without sign or overflow and every chunk's data ends with CRLF. Empty lines before a request line are
 * skipped (RFC 9112 2.2). Memory is bounded: a request line of {@value #MAX_INITIAL_LINE} bytes, headers (and
 * trailers) of {@value #MAX_HEADER_BYTES}, a chunk-size line of {@value #MAX_CHUNK_LINE}; body bytes are handed out as
 * they arrive, never buffered here.
 *
 * <p>This replaced Netty's HTTP codec, which did the same work but cost the emulator's first answer some 250 ms of
 * class loading in a cold JVM (docs/benchmarks.md).
 */
final class Http1Decoder {
    static final int MAX_INITIAL_LINE = 16 * 1024;
    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int MAX_CHUNK_LINE = 4 * 1024;

    /** What the decoder hands out. */
    sealed interface Event permits Head, BodyPart, Failure {
    }

    /**
     * A request head.
     *
     * @param method        the method token
     * @param target        the request target as sent
     * @param http10        whether the version is HTTP/1.0 (else HTTP/1.1)
     * @param headers       the header fields
     * @param contentLength the declared body length, or -1 for a chunked body
     */
    record Head(String method, String target, boolean http10, Headers headers, long contentLength) implements Event {
    }

    /**
     * Body bytes: a view of the buffer last {@linkplain #feed fed}, valid until the next feed.
     *
     * @param bytes  the buffer
     * @param offset where the part starts
     * @param length how many bytes
     * @param last   whether the body ends here
     */
    record BodyPart(byte[] bytes, int offset, int length, boolean last) implements Event {
    }

    /**
     * A malformed request: the answer to send before closing.
     *
     * @param response the AWS-shaped error response
     */
    record Failure(Response response) implements Event {
    }

    private enum State { REQUEST_LINE, HEADERS, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, FAILED }

    private static final BodyPart EMPTY_LAST = new BodyPart(new byte[0], 0, 0, true);

    private State state = State.REQUEST_LINE;
    private byte[] input = new byte[0];
    private int pos;
    private int end;
    private byte[] line = new byte[256];
    private int lineLength;
    private int sectionBytes;
    private String method;
    private String target;
    private boolean http10;
    private Headers headers;
    private long remaining;
    private Failure pendingFailure;

    /** Hands the decoder the next bytes received; the previous ones must have been read out with {@link #next()}. */
    void feed(byte[] bytes, int offset, int length) {
        input = bytes;
        pos = offset;
        end = offset + length;
    }

    /** Whether bytes have been received that are not yet part of an event (the start of the next request). */
    boolean pending() {
        return pos < end || lineLength > 0 || state != State.REQUEST_LINE;
    }

    /** The next event, or null when the bytes fed so far hold no more (or after a failure). */
    Event next() {
        while (true) {
            switch (state) {
                case FAILED:
                    return null;
                case REQUEST_LINE: {
                    String text = readLine(MAX_INITIAL_LINE, 414, "RequestUriTooLongException", "Request line");
                    if (text == null) {
                        return failedOrNull();
                    }
                    if (text.isEmpty()) {
                        continue; // an empty line before the request line is skipped (RFC 9112 2.2)
                    }
                    Failure f = requestLine(text);
                    if (f != null) {
                        return fail(f);
                    }
                    headers = new Headers();
                    sectionBytes = text.length() + 2;
                    state = State.HEADERS;
                    continue;
                }
                case HEADERS, TRAILERS: {
                    boolean trailers = state == State.TRAILERS;
                    String text = readLine(MAX_HEADER_BYTES, 431, "RequestHeaderFieldsTooLargeException",
                            trailers ? "Trailer fields" : "Request headers");
                    if (text == null) {
                        return failedOrNull();
                    }
                    if (!text.isEmpty()) {
                        // trailer fields are checked and dropped
                        Failure f = countSection(text) ? fieldLine(text, trailers ? new Headers() : headers) : headersTooLarge();
                        if (f != null) {
                            return fail(f);
                        }
                        continue;
                    }
                    if (trailers) {
                        state = State.REQUEST_LINE;
                        return EMPTY_LAST;
                    }
                    return endOfHead();
                }
                case FIXED: {
                    if (remaining == 0) {
                        state = State.REQUEST_LINE;
                        return EMPTY_LAST;
                    }
                    if (pos >= end) {
                        return null;
                    }
                    int n = (int) Math.min(remaining, end - pos);
                    BodyPart part = new BodyPart(input, pos, n, remaining == n);
                    pos += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.REQUEST_LINE;
                    }
                    return part;
                }
                case CHUNK_SIZE: {
                    String text = readLine(MAX_CHUNK_LINE, 400, "BadRequestException", "A chunk-size line");
                    if (text == null) {
                        return failedOrNull();
                    }
                    long size = chunkSize(text);
                    if (size < 0) {
                        return fail(badRequest("Malformed HTTP request: invalid chunk size " + clip(text)
                                + " (hex digits, at most 15, then an optional ;extension)"));
                    }
                    if (size == 0) {
                        sectionBytes = 0;
                        state = State.TRAILERS;
                    } else {
                        remaining = size;
                        state = State.CHUNK_DATA;
                    }
                    continue;
                }
                case CHUNK_DATA: {
                    if (pos >= end) {
                        return null;
                    }
                    int n = (int) Math.min(remaining, end - pos);
                    BodyPart part = new BodyPart(input, pos, n, false);
                    pos += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.CHUNK_DATA_END;
                    }
                    return part;
                }
                case CHUNK_DATA_END: {
                    while (lineLength < 2 && pos < end) {
                        byte b = input[pos++];
                        if (b != (lineLength == 0 ? '\r' : '\n')) {
                            lineLength = 0;
                            return fail(badRequest("Malformed HTTP request: a chunk's data must end with CRLF"));
                        }
                        lineLength++;
                    }
                    if (lineLength < 2) {
                        return null;
                    }
                    lineLength = 0;
                    state = State.CHUNK_SIZE;
                    continue;
                }
                default:
                    throw new IllegalStateException(state.name());
            }
        }
    }

    /** After {@link #readLine} returned null: the failure it found, or null when the line is just incomplete. */
    private Event failedOrNull() {
        return state == State.FAILED ? pendingFailure : null;
    }

    private Failure fail(Failure f) {
        state = State.FAILED;
        return f;
    }

    /**
     * Reads one CRLF-terminated line into {@link #line} and returns it without the CRLF, or null when it is not
     * complete yet or is malformed (then {@link #state} is FAILED and {@link #pendingFailure} says why).
     */
    private String readLine(int limit, int tooLongStatus, String tooLongType, String what) {
        while (pos < end) {
            byte b = input[pos++];
            if (b == '\n') {
                if (lineLength == 0 || line[lineLength - 1] != '\r') {
                    return malformedLine("a line ends with a bare LF; HTTP/1.1 lines end with CRLF");
                }
                String text = new String(line, 0, lineLength - 1, StandardCharsets.ISO_8859_1);
                lineLength = 0;
                return text;
            }
            if (lineLength > 0 && line[lineLength - 1] == '\r') {
                return malformedLine("a bare CR inside a line");
            }
            if (lineLength >= limit) {
                state = State.FAILED;
                lineLength = 0;
                pendingFailure = new Failure(Response.awsError(tooLongStatus, tooLongType,
                        what + " exceeds " + limit + " bytes"));
                return null;
            }
            if (lineLength == line.length) {
                line = Arrays.copyOf(line, Math.min(limit + 1, line.length * 2));
            }
            line[lineLength++] = b;
        }
        return null;
    }

    private String malformedLine(String reason) {
        state = State.FAILED;
        lineLength = 0;
        pendingFailure = badRequest("Malformed HTTP request: " + reason);
        return null;
    }

    private boolean countSection(String text) {
        sectionBytes += text.length() + 2;
        return sectionBytes <= MAX_HEADER_BYTES;
    }

    private static Failure headersTooLarge() {
        return new Failure(Response.awsError(431, "RequestHeaderFieldsTooLargeException",
                "Request headers exceed " + MAX_HEADER_BYTES + " bytes"));
    }

    /** Parses {@code method SP target SP version}; null when it is well formed. */
    private Failure requestLine(String text) {
        int first = text.indexOf(' ');
        int second = first < 0 ? -1 : text.indexOf(' ', first + 1);
        if (first <= 0 || second < 0 || text.indexOf(' ', second + 1) >= 0) {
            return badRequest("Malformed HTTP request line " + clip(text) + ": expected METHOD SP TARGET SP HTTP/1.1");
        }
        method = text.substring(0, first);
        target = text.substring(first + 1, second);
        String version = text.substring(second + 1);
        if (!isToken(method)) {
            return badRequest("Malformed HTTP request line: the method " + clip(method) + " is not a token");
        }
        if (target.isEmpty() || !visibleAscii(target)) {
            return badRequest("Malformed HTTP request line: the request target " + clip(target)
                    + " has a character that is not visible ASCII");
        }
        switch (version) {
            case "HTTP/1.1" -> http10 = false;
            case "HTTP/1.0" -> http10 = true;
            default -> {
                if (version.matches("HTTP/[0-9]\\.[0-9]")) {
                    return new Failure(Response.awsError(505, "HttpVersionNotSupportedException",
                            clip(version) + " is not supported; use HTTP/1.1"));
                }
                return badRequest("Malformed HTTP request line: " + clip(version) + " is not an HTTP version");
            }
        }
        return null;
    }

    /** Parses {@code name ":" OWS value OWS} into {@code into}; null when it is well formed. */
    private static Failure fieldLine(String text, Headers into) {
        char c0 = text.charAt(0);
        if (c0 == ' ' || c0 == '\t') {
            return badRequest("Malformed HTTP request: obsolete line folding (a field line starting with whitespace)"
                    + " is not accepted (RFC 9112 5.2)");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return badRequest("Malformed HTTP request: the field line " + clip(text) + " has no name and colon");
        }
        String name = text.substring(0, colon);
        if (!isToken(name)) {
            return badRequest("Malformed HTTP request: the field name " + clip(name)
                    + " is not a token (no whitespace before the colon, RFC 9112 5.1)");
        }
        int from = colon + 1;
        int to = text.length();
        while (from < to && isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return badRequest("Malformed HTTP request: the value of " + clip(name) + " has a control character");
            }
        }
        into.add(name, text.substring(from, to));
        return null;
    }

    /** The head is complete: decides how the body is framed (RFC 9112 6.3). */
    private Event endOfHead() {
        List<String> lengths = headers.getAll("Content-Length");
        List<String> encodings = headers.getAll("Transfer-Encoding");
        if (!encodings.isEmpty()) {
            if (http10) {
                // HTTP/1.0 has no transfer codings: its framing is faulty (RFC 9112 6.1)
                return fail(badRequest("Transfer-Encoding is not allowed in an HTTP/1.0 request (RFC 9112 6.1);"
                        + " send HTTP/1.1 or a Content-Length"));
            }
            if (!lengths.isEmpty()) {
                return fail(badRequest("A request must not have both Content-Length and Transfer-Encoding (RFC 9112 6.3)"));
            }
            String encoding = String.join(",", encodings);
            if (!encoding.trim().equalsIgnoreCase("chunked")) {
                return fail(badRequest("Transfer-Encoding " + clip(encoding) + " is not supported; only chunked"));
            }
            remaining = 0;
            state = State.CHUNK_SIZE;
            return new Head(method, target, http10, headers, -1);
        }
        long length = 0;
        if (lengths.size() > 1) {
            return fail(badRequest("A request must have at most one Content-Length header; got " + lengths.size()));
        }
        if (lengths.size() == 1) {
            length = contentLength(lengths.get(0));
            if (length < 0) {
                return fail(badRequest("Invalid Content-Length " + clip(lengths.get(0))
                        + ": expected one decimal number of bytes"));
            }
        }
        remaining = length;
        state = State.FIXED;
        return new Head(method, target, http10, headers, length);
    }

    /** Decimal digits, at most 18 (so no overflow); -1 otherwise. */
    private static long contentLength(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** {@code 1*HEXDIG [BWS ";" ext]}, at most 15 significant digits; -1 otherwise. */
    private static long chunkSize(String text) {
        int i = 0;
        long size = 0;
        int significant = 0;
        while (i < text.length() && Character.digit(text.charAt(i), 16) >= 0 && text.charAt(i) < 0x80) {
            int d = Character.digit(text.charAt(i), 16);
            if (significant > 0 || d != 0) {
                significant++;
            }
            if (significant > 15) {
                return -1;
            }
            size = size * 16 + d;
            i++;
        }
        if (i == 0) {
            return -1;
        }
        int j = i;
        while (j < text.length() && isWhitespace(text.charAt(j))) {
            j++;
        }
        if (j < text.length() && text.charAt(j) != ';' || j == text.length() && j != i) {
            return -1;
        }
        for (int k = j; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return -1;
            }
        }
        return size;
    }

    private static boolean visibleAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /** A token: one or more of RFC 9110's tchar. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Failure badRequest(String message) {
        return new Failure(Response.awsError(400, "BadRequestException", message));
    }

    static String clip(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 200 ? printable : printable.substring(0, 200) + "...";
    }
}
