package io.github.hsmkeystore.local.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Raw HTTP posts of one AWS JSON protocol to the emulator for the hostile-input tests, with a timeout per request,
 * and the counts they print at the end: requests tried, 5xx seen, hangs, and the well-typed bodies' 2xx and 4xx.
 */
public final class HostileInputStats {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final LocalHsmKeyStore local;
    private final String targetPrefix;
    private final String contentType;
    private final String messageMember;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicInteger tried = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger hangs = new AtomicInteger();
    private final AtomicInteger wellTyped2xx = new AtomicInteger();
    private final AtomicInteger wellTyped4xx = new AtomicInteger();

    /**
     * @param targetPrefix the {@code X-Amz-Target} prefix ({@code TrentService})
     * @param contentType the protocol's content type, also the one its errors must carry
     * @param messageMember the member the service's errors carry their text in ({@code message} or {@code Message})
     */
    public HostileInputStats(LocalHsmKeyStore local, String targetPrefix, String contentType, String messageMember) {
        this.local = local;
        this.targetPrefix = targetPrefix;
        this.contentType = contentType;
        this.messageMember = messageMember;
    }

    /** Posts a broken body (counted). */
    public HttpResponse<String> postBroken(String operation, byte[] body) throws Exception {
        return post(operation, body);
    }

    /** Posts a well-typed body (counted, with its 2xx or 4xx). */
    public HttpResponse<String> postWellTyped(String operation, byte[] body) throws Exception {
        HttpResponse<String> r = post(operation, body);
        if (r.statusCode() < 300) {
            wellTyped2xx.incrementAndGet();
        } else if (r.statusCode() < 500) {
            wellTyped4xx.incrementAndGet();
        }
        return r;
    }

    private HttpResponse<String> post(String operation, byte[] body) throws Exception {
        tried.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(local.endpoint()).timeout(TIMEOUT)
                .header("X-Amz-Target", targetPrefix + "." + operation)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 500) {
                serverErrors.incrementAndGet();
            }
            return r;
        } catch (HttpTimeoutException e) {
            hangs.incrementAndGet();
            throw new AssertionError(operation + ": no answer within " + TIMEOUT, e);
        }
    }

    /** Asserts a 4xx whose body is the protocol's error JSON: a {@code __type}, a message, the protocol's content type. */
    public void assertAwsShaped4xx(HttpResponse<String> r, String what) throws Exception {
        assertThat(r.statusCode()).as("%s -> %s", what, abbreviate(r.body())).isBetween(400, 499);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.path("__type").asText("")).as(what).matches("([A-Za-z0-9.]+#)?[A-Za-z]+");
        // the HTTP layer's own refusals (413, 400 framing) write "message" for every service (docs/emulator-http.md)
        assertThat(error.has(messageMember) || error.has("message")).as("%s: %s in %s", what, messageMember, r.body()).isTrue();
        assertThat(r.headers().firstValue("Content-Type")).as(what).hasValue(contentType);
    }

    /** Prints the counts. */
    public void print(String testClass) {
        System.out.printf("%s: %d requests tried, %d 5xx, %d hangs; well-typed bodies: %d 2xx, %d 4xx%n", testClass,
                tried.get(), serverErrors.get(), hangs.get(), wellTyped2xx.get(), wellTyped4xx.get());
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
