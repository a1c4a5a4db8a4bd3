package io.github.hsmkeystore.local.internal.http;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder set strict: CRLF line ends only, headers validated, a repeated {@code Content-Length}
 * refused, and a request with both {@code Transfer-Encoding: chunked} and {@code Content-Length} kept as it came
 * (Netty would drop the length and go on) so that {@link Connection} refuses it: two framings are how requests are
 * smuggled (RFC 9112 6.1).
 */
final class StrictRequestDecoder extends HttpRequestDecoder {
    static final int MAX_INITIAL_LINE = 16 * 1024;
    static final int MAX_HEADER_BYTES = 64 * 1024;

    StrictRequestDecoder() {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setMaxChunkSize(64 * 1024)
                .setStrictLineParsing(true)
                .setAllowDuplicateContentLengths(false)
                .setValidateHeaders(true));
    }

    /** Bytes received but not yet decoded into a message (part of a request line or headers). */
    int buffered() {
        return actualReadableBytes();
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        // keep both headers: Connection answers 400
    }
}
