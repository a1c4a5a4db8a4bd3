package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start-to-first-answer of the embedded emulator in a fresh JVM: {@link LocalHsmKeyStore#start()} plus one KMS
 * request answered over HTTP. Each fork measures one cold start (no warm-up), so the score is what a test class
 * pays once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(5)
public class EmulatorStartupBenchmark {
    private HttpClient http;

    @Setup(Level.Trial)
    public void setUp() {
        http = HttpClient.newHttpClient();
    }

    @Benchmark
    public int startToFirstAnswer() throws IOException, InterruptedException {
        try (LocalHsmKeyStore local = LocalHsmKeyStore.start()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(local.endpoint().toString()))
                    .header("X-Amz-Target", "TrentService.ListKeys")
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ListKeys answered " + response.statusCode() + ": " + response.body());
            }
            return response.statusCode();
        }
    }
}
