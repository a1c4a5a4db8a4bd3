package io.github.hsmkeystore.local.internal.http;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may talk to the emulator (docs/emulator-http.md "Host and Origin"). It listens on loopback only, but a web page
 * the developer opens can still reach it: directly with "simple" cross-origin requests, and through DNS rebinding with
 * any request. So a request is answered only when
 * <ul>
 *   <li>its {@code Host} is a loopback name or address ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]}, any
 *       port) or a name the user allowed ({@code allowedHosts}, {@code --allow-host});</li>
 *   <li>it carries no {@code Origin} header (browsers add one to cross-origin and to most same-origin requests; SDKs
 *       and CLIs never do), or an origin the user allowed ({@code allowedOrigins}, {@code --allow-origin});</li>
 *   <li>an admin request ({@code /_local/*}) other than a GET has {@code Content-Type: application/json}, which a page
 *       cannot send cross-origin without a CORS preflight (that the emulator never grants).</li>
 * </ul>
 */
public final class RequestPolicy {
    private final Set<String> allowedHosts;
    private final Set<String> allowedOrigins;

    /**
     * @param allowedHosts   host names (without port) accepted besides the loopback ones; compared case-insensitively
     * @param allowedOrigins origins ({@code scheme://host[:port]}) whose requests are answered
     */
    public RequestPolicy(Set<String> allowedHosts, Set<String> allowedOrigins) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.allowedOrigins = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Only loopback hosts, no origin. */
    public static RequestPolicy loopbackOnly() {
        return new RequestPolicy(Set.of(), Set.of());
    }

    /** The refusal for this request head, or null when it may be answered. */
    Response check(Http1Decoder.Head request, String path) {
        java.util.List<String> hosts = request.headers().getAll("Host");
        if (hosts.size() > 1) {
            return Response.awsError(400, "BadRequestException", "A request must have at most one Host header; got "
                    + hosts.size() + " (RFC 9112 3.2)");
        }
        String host = hosts.isEmpty() ? null : hosts.get(0);
        if (host == null) {
            if (!request.http10()) {
                return Response.awsError(400, "BadRequestException", "An HTTP/1.1 request must have a Host header (RFC 9112 3.2)");
            }
        } else if (!hostAllowed(host)) {
            return Response.awsError(403, "AccessDeniedException", "hsm-keystore-local answers only requests whose Host"
                    + " header names a loopback address (localhost, 127.0.0.0/8, [::1]); got Host: " + clip(host)
                    + ". To use another name, allow it: LocalHsmKeyStore.builder().allowedHosts(\"name\") or --allow-host name");
        }
        String origin = request.headers().get("Origin");
        if (origin != null && !allowedOrigins.contains(origin.trim().toLowerCase(Locale.ROOT))) {
            return Response.awsError(403, "AccessDeniedException", "hsm-keystore-local refuses requests from web pages:"
                    + " this one carries the header Origin: " + clip(origin) + ". To let a page at that origin call the"
                    + " emulator, allow it: LocalHsmKeyStore.builder().allowedOrigins(\"" + clip(origin)
                    + "\") or --allow-origin " + clip(origin));
        }
        if (path.startsWith("/_local/") && !"GET".equals(request.method()) && !isJson(request)) {
            return Response.awsError(403, "AccessDeniedException", "Admin requests (/_local/*) need the header"
                    + " Content-Type: application/json (a web page cannot send it cross-origin); got Content-Type: "
                    + clip(String.valueOf(request.headers().get("Content-Type"))));
        }
        return null;
    }

    private static boolean isJson(Http1Decoder.Head request) {
        String contentType = request.headers().get("Content-Type");
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mediaType.equalsIgnoreCase("application/json");
    }

    /** Whether a Host header value (name or address, optional port) is loopback or allowed. */
    boolean hostAllowed(String hostHeader) {
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        String name;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0 || !validPort(host.substring(end + 1))) {
                return false;
            }
            name = host.substring(0, end + 1);
        } else {
            int colon = host.indexOf(':');
            if (colon >= 0 && (host.indexOf(':', colon + 1) >= 0 || !validPort(host.substring(colon)))) {
                return false;
            }
            name = colon < 0 ? host : host.substring(0, colon);
        }
        if (name.endsWith(".") && !name.startsWith("[")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.equals("localhost") || name.equals("[::1]") || isLoopbackIpv4(name) || allowedHosts.contains(name);
    }

    /** Empty, or {@code :} followed by 1 to 5 digits. */
    private static boolean validPort(String s) {
        if (s.isEmpty()) {
            return true;
        }
        if (s.charAt(0) != ':' || s.length() < 2 || s.length() > 6) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLoopbackIpv4(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static String clip(String s) {
        return Http1Decoder.clip(s);
    }
}
