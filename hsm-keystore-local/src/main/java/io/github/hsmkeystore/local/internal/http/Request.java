package io.github.hsmkeystore.local.internal.http;


/**
 * One HTTP request as the emulator's front end sees it: the body has been read whole, within the limit the front end
 * set for it ({@link RequestHandler#bodyLimit}).
 *
 * @param method the method, e.g. {@code POST}
 * @param path   the decoded path of the request target, e.g. {@code /} or {@code /_local/clock}
 * @param query  the raw query string, or null
 * @param headers the request headers
 * @param body   the body bytes (empty when there is none)
 */
public record Request(String method, String path, String query, Headers headers, byte[] body) {
    /** The first value of a header, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The value of a query parameter (not decoded), or {@code defaultValue}. */
    public String queryParam(String name, String defaultValue) {
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return pair.substring(eq + 1);
                }
            }
        }
        return defaultValue;
    }
}
