package io.github.hsmkeystore.local.internal.http;


/** What the HTTP server serves: the emulator's front end. Called on the thread of the request's connection. */
public interface RequestHandler {
    /**
     * The largest body accepted for a request with this head, in bytes; a larger one is answered 413 before its body
     * is read.
     */
    long bodyLimit(String method, String path, Headers headers);

    /** Answers one request; should not throw (a {@link RuntimeException} is answered as an AWS-shaped 500). */
    Response handle(Request request);
}
