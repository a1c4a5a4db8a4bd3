package io.github.hsmkeystore.local.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * One HTTP response: status, headers and body, written in one piece with a {@code Content-Length}. Every response
 * carries an {@code x-amzn-RequestId}; {@link #withCrc32()} adds DynamoDB's {@code x-amz-crc32}.
 */
public final class Response {
    private static final char[] ID_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;

    public Response(int status, String contentType, byte[] body) {
        this.status = status;
        this.body = Objects.requireNonNull(body, "body");
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        headers.put("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    /**
     * An error of the AWS JSON protocols: {@code {"__type": type, "message": message}} with {@code X-Amzn-ErrorType}.
     */
    public static Response awsError(int status, String type, String message) {
        String json = "{\"__type\":" + quote(type) + ",\"message\":" + quote(message) + "}";
        return new Response(status, "application/x-amz-json-1.1", json.getBytes(StandardCharsets.UTF_8))
                .header("X-Amzn-ErrorType", type);
    }

    /** Sets a header (replacing a previous value). */
    public Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Adds {@code x-amz-crc32}, the CRC32 of the body, which DynamoDB sends and the SDKs verify. */
    public Response withCrc32() {
        CRC32 crc = new CRC32();
        crc.update(body);
        return header("x-amz-crc32", Long.toString(crc.getValue()));
    }

    /** Replaces the request id with one shaped as DynamoDB's: 52 characters of {@code [0-9A-Z]}. */
    public Response withDynamoDbRequestId() {
        char[] id = new char[52];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return header("x-amzn-RequestId", new String(id));
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
