package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Sequential KMS Encrypt of 256 bytes through the AWS SDK's Apache HTTP client against the in-process emulator:
 * the round trip a test suite pays per KMS call (one thread, so it is latency-bound, not a load test).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
public class KmsEncryptBenchmark {
    private LocalHsmKeyStore local;
    private KmsClient kms;
    private String keyId;
    private final SdkBytes plaintext = SdkBytes.fromByteArray(new byte[256]);

    @Setup(Level.Trial)
    public void setUp() {
        local = LocalHsmKeyStore.start();
        kms = local.kmsClient();
        keyId = kms.createKey(r -> r.description("benchmark")).keyMetadata().keyId();
    }

    @Benchmark
    public SdkBytes encrypt() {
        return kms.encrypt(r -> r.keyId(keyId).plaintext(plaintext)).ciphertextBlob();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        local.close();
    }
}
