package io.github.hsmkeystore.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.AwsJsonService;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Scope;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP endpoint: AWS JSON requests routed by {@code X-Amz-Target}, and the emulator's admin API
 * under {@code /_local/}. Faults are applied and every API request is recorded here.
 */
final class HttpFrontEnd implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(HttpFrontEnd.class);
    /** DynamoDB's largest request (BatchWriteItem) is 16 MB; leave room for JSON overhead. */
    static final int MAX_BODY_BYTES = 20 * 1024 * 1024;
    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/([a-z0-9-]+)/");

    private final Map<String, AwsJsonService> servicesByPrefix;
    private final String accountId;
    private final String defaultRegion;
    private final Faults faults;
    private final RequestLog requestLog;
    private final Function<AdminRequest, ObjectNode> admin;

    HttpFrontEnd(List<AwsJsonService> services, String accountId, String defaultRegion, Faults faults,
                 RequestLog requestLog, Function<AdminRequest, ObjectNode> admin) {
        this.servicesByPrefix = services.stream().collect(Collectors.toMap(AwsJsonService::targetPrefix, s -> s));
        this.accountId = accountId;
        this.defaultRegion = defaultRegion;
        this.faults = faults;
        this.requestLog = requestLog;
        this.admin = admin;
    }

    /** A request to the admin API: the path below {@code /_local/}, the JSON body and the scope. */
    record AdminRequest(String method, String path, JsonRequest body, Scope scope) {
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/_local/")) {
                handleAdmin(exchange, path.substring("/_local/".length()));
            } else {
                handleApi(exchange);
            }
        } catch (RuntimeException | Error e) {
            log.error("Unexpected failure answering {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    private void handleApi(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        AwsJsonService service = null;
        String operation = target;
        if (target != null) {
            int dot = target.indexOf('.');
            if (dot > 0) {
                service = servicesByPrefix.get(target.substring(0, dot));
                operation = target.substring(dot + 1);
            }
        }
        Scope scope = new Scope(accountId, regionOf(exchange));
        String serviceName = service == null ? "unknown" : service.name();
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                throw AwsException.client("UnknownOperationException",
                        "hsm-keystore-local answers AWS JSON requests (POST / with X-Amz-Target); got "
                                + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            }
            if (service == null) {
                throw AwsJsonService.unknownOperation(String.valueOf(target));
            }
            ObjectNode body = Json.parseBody(limited(exchange));
            faults.apply(service.name(), operation);
            ObjectNode result = service.handle(scope, operation, new JsonRequest(body));
            requestLog.record(serviceName, operation, scope.region(), 200, null);
            send(exchange, 200, service.contentType(), Json.write(result == null ? Json.object() : result), null);
        } catch (AwsException e) {
            requestLog.record(serviceName, operation, scope.region(), e.status(), e.type());
            log.debug("{}.{} failed [type={}, status={}]: {}", serviceName, operation, e.type(), e.status(), e.getMessage());
            sendError(exchange, service, e);
        } catch (RuntimeException e) {
            requestLog.record(serviceName, operation, scope.region(), 500, "InternalFailure");
            log.error("Bug in hsm-keystore-local answering {}", target, e);
            sendError(exchange, service, AwsException.fault("InternalFailure",
                    "hsm-keystore-local failed unexpectedly: " + e));
        }
    }

    private void handleAdmin(HttpExchange exchange, String path) throws IOException {
        Scope scope = new Scope(accountId, queryParam(exchange, "region", defaultRegion));
        try {
            ObjectNode body = Json.parseBody(limited(exchange));
            ObjectNode result = admin.apply(new AdminRequest(exchange.getRequestMethod(), path, new JsonRequest(body), scope));
            send(exchange, 200, "application/json", Json.write(result == null ? Json.object() : result), null);
        } catch (AwsException e) {
            ObjectNode err = Json.object().put("type", e.type()).put("message", e.getMessage());
            send(exchange, e.status(), "application/json", Json.write(err), null);
        } catch (IllegalArgumentException | IllegalStateException e) {
            ObjectNode err = Json.object().put("type", "ValidationException").put("message", e.getMessage());
            send(exchange, 400, "application/json", Json.write(err), null);
        }
    }

    /** The request body, at most {@link #MAX_BODY_BYTES}. */
    private static byte[] limited(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new AwsException(413, "RequestEntityTooLargeException",
                    "Request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        return bytes;
    }

    private void sendError(HttpExchange exchange, AwsJsonService service, AwsException e) throws IOException {
        String type = service == null ? e.type() : service.errorType(e.type());
        String member = service == null ? "message" : service.errorMessageMember(e.type());
        ObjectNode body = Json.object().put("__type", type).put(member, e.getMessage());
        if (e.fields() != null) {
            body.setAll(e.fields());
        }
        String contentType = service == null ? "application/x-amz-json-1.1" : service.contentType();
        send(exchange, e.status(), contentType, Json.write(body), e.type());
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body, String errorType)
            throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorType != null) {
            headers.set("X-Amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String regionOf(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            Matcher m = CREDENTIAL_SCOPE.matcher(auth);
            if (m.find()) {
                return m.group(1);
            }
        }
        return defaultRegion;
    }

    private static String queryParam(HttpExchange exchange, String name, String defaultValue) {
        String query = exchange.getRequestURI().getQuery();
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
