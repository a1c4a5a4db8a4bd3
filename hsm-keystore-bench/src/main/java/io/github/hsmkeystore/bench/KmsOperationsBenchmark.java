package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.core.KmsKey;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DataKeySpec;

/**
 * Direct KMS calls on a standard key and on a key in a CloudHSM custom key store, both provisioned with the library:
 * Encrypt and Decrypt of 256 bytes with an encryption context, and GenerateDataKey (AES-256). One thread, so the score
 * is the round trip an application pays per call (SDK, HTTP, emulator, and the HSM backend for CUSTOM_KEY_STORE).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class KmsOperationsBenchmark {
    @Param({"STANDARD", "CUSTOM_KEY_STORE"})
    public String keyStore;

    /** The emulator's HSM backend for the CUSTOM_KEY_STORE key: {@code in-jvm} or {@code pkcs11} (SoftHSM2). */
    @Param({BenchEnvironment.IN_JVM})
    public String hsmBackend;

    private static final Map<String, String> CONTEXT = Map.of("purpose", "hsm-keystore-bench");
    private final SdkBytes plaintext = SdkBytes.fromByteArray(new byte[256]);
    private BenchEnvironment env;
    private String keyArn;
    private SdkBytes ciphertext;

    @Setup(Level.Trial)
    public void setUp() {
        env = BenchEnvironment.start(hsmBackend);
        KmsKey key = env.provisionKey(BenchEnvironment.Side.valueOf(keyStore));
        keyArn = key.arn();
        ciphertext = encrypt();
    }

    @Benchmark
    public SdkBytes encrypt() {
        return env.kms.encrypt(r -> r.keyId(keyArn).plaintext(plaintext).encryptionContext(CONTEXT)).ciphertextBlob();
    }

    @Benchmark
    public SdkBytes decrypt() {
        return env.kms.decrypt(r -> r.keyId(keyArn).ciphertextBlob(ciphertext).encryptionContext(CONTEXT)).plaintext();
    }

    @Benchmark
    public SdkBytes generateDataKey() {
        return env.kms.generateDataKey(r -> r.keyId(keyArn).keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT))
                .ciphertextBlob();
    }

    /** The key this trial uses (for tests). */
    String keyArn() {
        return keyArn;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        env.close();
    }
}
