package io.github.hsmkeystore.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.internal.LoopbackHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import java.util.Locale;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;




import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;



import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@link LoopbackHttpClient} when a connection is closed under it (docs/emulator-clients.md): a kept-alive connection
 * the emulator closed while idle does not fail the next call, which runs once; a request whose connection is closed
 * before an answer is not resent by the HTTP client (the SDK's retry policy alone decides).
 */
class LoopbackHttpClientIT {
    private static final Duration IDLE = Duration.ofMillis(300);

    @Test
    void create_connectionClosedByServerWhileIdle_nextCallSucceedsAndRunsOnce() {
        try (LocalHsmKeyStore l = LocalHsmKeyStore.builder().idleTimeout(IDLE).start();
             KmsClient kms = l.configure(KmsClient.builder()).httpClient(LoopbackHttpClient.create()).build()) {
            String keyId = kms.createKey(b -> { }).keyMetadata().keyId();
            awaitNoOpenConnection(l);

            assertThat(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);

            assertThat(l.acceptedConnections()).as("the kept-alive connection, then a new one").isEqualTo(2);
            assertThat(l.requestCount("kms", "DescribeKey")).isEqualTo(1);
            assertThat(l.requestCount("kms", "CreateKey")).isEqualTo(1);
        }
    }

    @Test
    void create_connectionClosedAfterRequestWithoutAnswer_notResentByJdk() throws Exception {
        try (SilentServer server = new SilentServer();
             KmsClient kms = LocalHsmKeyStore.configure(KmsClient.builder(), server.endpoint())
                     .httpClient(LoopbackHttpClient.create())
                     .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {

            assertThatThrownBy(() -> kms.createKey(b -> { }))
                    .isInstanceOf(SdkClientException.class)
                    .hasMessageContaining("Unable to execute HTTP request");

            assertThat(server.requests.get()).as("requests the server read: a POST that may have run is not resent")
                    .isEqualTo(1);
        }
    }

    /** Waits until the server has closed the idle connection (its idle timeout is {@link #IDLE}). */
    private static void awaitNoOpenConnection(LocalHsmKeyStore l) {
        long deadline = System.nanoTime() + IDLE.toNanos() + TimeUnit.SECONDS.toNanos(5);
        while (l.openConnections() > 0) {
            assertThat(System.nanoTime()).as("the server closes the idle connection").isLessThan(deadline);
            Pause.sleep(20);
        }
        Pause.sleep(50); // let the FIN reach the client's socket
    }

    /** A loopback server that reads each request (head and Content-Length body), counts it and closes, never answering. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        private final AtomicInteger requests = new AtomicInteger();
        private final Thread acceptor = new Thread(this::serve, "silent-server");

        SilentServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout(5_000);
                    readRequest(s.getInputStream());
                    requests.incrementAndGet();
                } catch (IOException e) {
                    // closed, or the client went away
                }
            }
        }

        private static void readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("end of input in the request head");
                }
                head.append((char) b);
            }
            long length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            byte[] body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new IOException("truncated body: " + new String(body, StandardCharsets.UTF_8));
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
