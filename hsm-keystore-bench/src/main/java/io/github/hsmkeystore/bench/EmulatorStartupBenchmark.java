package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start-to-first-answer of the embedded emulator in a fresh JVM: {@link LocalHsmKeyStore#start()} plus one KMS
 * request answered over HTTP. Each fork measures one cold start (no warm-up), so the score is what a test class
 * pays once. The request goes over a plain socket so the score is the emulator's start, not an HTTP client's
 * class loading.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(5)
public class EmulatorStartupBenchmark {
    private static final String BODY = "{}";

    @Benchmark
    public String startToFirstAnswer() throws IOException {
        try (LocalHsmKeyStore local = LocalHsmKeyStore.start();
             Socket socket = new Socket(local.endpoint().getHost(), local.port())) {
            String request = "POST / HTTP/1.1\r\nHost: " + local.endpoint().getAuthority() + "\r\n"
                    + "X-Amz-Target: TrentService.ListKeys\r\nContent-Type: application/x-amz-json-1.1\r\n"
                    + "Content-Length: " + BODY.length() + "\r\nConnection: close\r\n\r\n" + BODY;
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!response.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("ListKeys did not answer 200: " + response);
            }
            return response;
        }
    }
}
