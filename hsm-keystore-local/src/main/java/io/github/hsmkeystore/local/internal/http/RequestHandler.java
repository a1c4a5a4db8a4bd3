package io.github.hsmkeystore.local.internal.http;

import io.netty.handler.codec.http.HttpHeaders;

/** What the HTTP server serves: the emulator's front end. Called on a worker thread, never on an I/O thread. */
public interface RequestHandler {
    /**
     * The largest body accepted for a request with this head, in bytes; a larger one is answered 413 before its body
     * is read. Called on the I/O thread: must not block.
     */
    long bodyLimit(String method, String path, HttpHeaders headers);

    /** Answers one request; must not throw (a {@link RuntimeException} is answered as a 500). */
    Response handle(Request request);
}
