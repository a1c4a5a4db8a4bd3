package io.github.hsmkeystore.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that first records real answers (passing requests to {@code delegate}), then, once
 * {@link #replay() switched}, answers every request from memory with the last answer recorded for its
 * {@code X-Amz-Target}. With the network and the server gone, two client-side code paths over it differ only in
 * their own CPU cost: that is how {@link LibraryOverheadBenchmark} isolates the library's overhead.
 *
 * <p>In replay mode the request body is still read to its end, as a real HTTP client would send it.
 */
final class ReplayHttpClient implements SdkHttpClient {
    private record Recorded(SdkHttpResponse response, byte[] body) {
    }

    private final SdkHttpClient delegate;
    private final Map<String, Recorded> byTarget = new ConcurrentHashMap<>();
    private volatile boolean replaying;

    ReplayHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    /** From now on every request is answered from memory; a target never recorded is an error. */
    void replay() {
        replaying = true;
    }

    /** The targets recorded so far, e.g. {@code DynamoDB_20120810.GetItem}. */
    List<String> recordedTargets() {
        return byTarget.keySet().stream().sorted().toList();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("(no X-Amz-Target)");
        if (!replaying) {
            ExecutableHttpRequest real = delegate.prepareRequest(request);
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    HttpExecuteResponse response = real.call();
                    byte[] body;
                    try (InputStream in = response.responseBody().map(s -> (InputStream) s).orElse(InputStream.nullInputStream())) {
                        body = in.readAllBytes();
                    }
                    byTarget.put(target, new Recorded(response.httpResponse(), body));
                    return answer(response.httpResponse(), body);
                }

                @Override
                public void abort() {
                    real.abort();
                }
            };
        }
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                }
                Recorded recorded = byTarget.get(target);
                if (recorded == null) {
                    throw new IllegalStateException("No answer recorded for " + target + " (recorded: " + recordedTargets()
                            + "); make the call once before replay()");
                }
                return answer(recorded.response(), recorded.body());
            }

            @Override
            public void abort() {
            }
        };
    }

    private static HttpExecuteResponse answer(SdkHttpResponse response, byte[] body) {
        return HttpExecuteResponse.builder().response(response)
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body))).build();
    }

    @Override
    public String clientName() {
        return "Replay(" + delegate.clientName() + ")";
    }

    @Override
    public void close() {
        delegate.close();
    }
}
