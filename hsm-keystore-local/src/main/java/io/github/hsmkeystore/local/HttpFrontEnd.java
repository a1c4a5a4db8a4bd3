package io.github.hsmkeystore.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.AwsJsonService;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Regions;
import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.http.Request;
import io.github.hsmkeystore.local.internal.http.RequestHandler;
import io.github.hsmkeystore.local.internal.http.Response;
import io.github.hsmkeystore.local.internal.http.Headers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP endpoint: AWS JSON requests routed by {@code X-Amz-Target}, DynamoDB's plain-HTTP answers
 * ({@code GET /} health, 404 for other paths and methods), and the emulator's admin API under {@code /_local/}.
 * Faults are applied and every API request is recorded here.
 */
final class HttpFrontEnd implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(HttpFrontEnd.class);
    /** DynamoDB: "A single call to BatchWriteItem can transmit up to 16MB of data" (docs/emulator-http.md). */
    static final int DYNAMODB_MAX_BODY_BYTES = 16 * 1024 * 1024;
    /** KMS and CloudHSMv2 document no request size; far above their largest valid request (docs/emulator-http.md). */
    static final int OTHER_MAX_BODY_BYTES = 1024 * 1024;
    /** Admin requests are a few short members. */
    static final int ADMIN_MAX_BODY_BYTES = 64 * 1024;
    private static final String DYNAMODB_PREFIX = "DynamoDB_20120810";
    /** DynamoDB's answer to anything but a POST to {@code /} (docs/emulator-http.md "Plain HTTP"). */
    private static final byte[] UNKNOWN_OPERATION_XML = "<UnknownOperationException/>\n".getBytes(StandardCharsets.UTF_8);
    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/,\\s]*/[^/,\\s]*/([^/,\\s]*)/");

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
    public long bodyLimit(String method, String path, Headers headers) {
        if (path.startsWith("/_local/")) {
            return ADMIN_MAX_BODY_BYTES;
        }
        String target = headers.get("X-Amz-Target");
        return target != null && target.startsWith(DYNAMODB_PREFIX + ".") ? DYNAMODB_MAX_BODY_BYTES : OTHER_MAX_BODY_BYTES;
    }

    @Override
    public Response handle(Request request) {
        String path = request.path();
        if (path.startsWith("/_local/")) {
            return handleAdmin(request, path.substring("/_local/".length()));
        }
        if (path.equals("/") && request.method().equals("POST")) {
            return handleApi(request);
        }
        if (path.equals("/") && request.method().equals("GET")) {
            byte[] body = ("healthy: dynamodb." + defaultRegion + ".amazonaws.com ").getBytes(StandardCharsets.UTF_8);
            return new Response(200, null, body).withDynamoDbRequestId().withCrc32();
        }
        return new Response(404, null, UNKNOWN_OPERATION_XML).withDynamoDbRequestId().withCrc32();
    }

    private Response handleApi(Request request) {
        String target = request.header("X-Amz-Target");
        AwsJsonService service = null;
        String operation = target;
        if (target != null) {
            int dot = target.indexOf('.');
            if (dot > 0) {
                service = servicesByPrefix.get(target.substring(0, dot));
                operation = target.substring(dot + 1);
            }
        }
        String serviceName = service == null ? "unknown" : service.name();
        String region = defaultRegion;
        try {
            region = regionOf(request);
            Scope scope = new Scope(accountId, region);
            if (service == null) {
                throw AwsJsonService.unknownOperation(String.valueOf(target));
            }
            ObjectNode body = Json.parseBody(request.body());
            faults.apply(service.name(), operation);
            ObjectNode result = service.handle(scope, operation, new JsonRequest(body));
            requestLog.record(serviceName, operation, scope.region(), 200, null);
            return answer(service, new Response(200, service.contentType(), Json.write(result == null ? Json.object() : result)));
        } catch (AwsException e) {
            requestLog.record(serviceName, operation, region, e.status(), e.type());
            log.debug("{}.{} failed [type={}, status={}]: {}", serviceName, operation, e.type(), e.status(), e.getMessage());
            return error(service, e);
        } catch (RuntimeException e) {
            requestLog.record(serviceName, operation, region, 500, "InternalFailure");
            log.error("Bug in hsm-keystore-local answering {}", target, e);
            return error(service, AwsException.fault("InternalFailure", "hsm-keystore-local failed unexpectedly: " + e));
        }
    }

    private Response handleAdmin(Request request, String path) {
        try {
            String region = request.queryParam("region", defaultRegion);
            if (!Regions.isValid(region)) {
                throw AwsException.validation("region " + Regions.printable(region) + " is not an AWS Region name"
                        + " (e.g. us-east-1, eu-west-1)");
            }
            Scope scope = new Scope(accountId, region);
            ObjectNode body = Json.parseBody(request.body());
            ObjectNode result = admin.apply(new AdminRequest(request.method(), path, new JsonRequest(body), scope));
            return new Response(200, "application/json", Json.write(result == null ? Json.object() : result));
        } catch (AwsException e) {
            return adminError(e.status(), e.type(), e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            return adminError(400, "ValidationException", e.getMessage());
        }
    }

    /** Admin errors carry both {@code __type} (AWS-shaped) and {@code type} (what earlier versions sent). */
    private static Response adminError(int status, String type, String message) {
        ObjectNode err = Json.object().put("__type", type).put("type", type).put("message", message);
        return new Response(status, "application/json", Json.write(err)).header("X-Amzn-ErrorType", type);
    }

    private Response error(AwsJsonService service, AwsException e) {
        String type = service == null ? e.type() : service.errorType(e.type());
        String member = service == null ? "message" : service.errorMessageMember(e.type());
        ObjectNode body = Json.object().put("__type", type).put(member, e.getMessage());
        if (e.fields() != null) {
            body.setAll(e.fields());
        }
        String contentType = service == null ? "application/x-amz-json-1.1" : service.contentType();
        return answer(service, new Response(e.status(), contentType, Json.write(body)).header("X-Amzn-ErrorType", e.type()));
    }

    /** DynamoDB's answers carry its request id shape and {@code x-amz-crc32}, which its SDKs verify. */
    private static Response answer(AwsJsonService service, Response response) {
        if (service != null && service.targetPrefix().equals(DYNAMODB_PREFIX)) {
            return response.withDynamoDbRequestId().withCrc32();
        }
        return response;
    }

    /** The Region of the request's SigV4 credential scope, or the default; an invalid name is refused. */
    private String regionOf(Request request) {
        String auth = request.header("Authorization");
        if (auth != null) {
            Matcher m = CREDENTIAL_SCOPE.matcher(auth);
            if (m.find()) {
                String region = m.group(1);
                if (!Regions.isValid(region)) {
                    throw AwsException.client("InvalidSignatureException", "Credential should be scoped to a valid region, not '"
                            + Regions.printable(region) + "'. ");
                }
                return region;
            }
        }
        return defaultRegion;
    }
}
