package io.github.hsmkeystore.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.Pkcs11Token;
import io.github.hsmkeystore.local.internal.hsm.HsmBackend;
import io.github.hsmkeystore.local.internal.hsm.HsmCryptoException;
import io.github.hsmkeystore.local.internal.hsm.InJvmHsmBackend;
import io.github.hsmkeystore.local.internal.hsm.Pkcs11HsmBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's PKCS#11 backend on the JVM's {@link SoftHsm2Token} (skipped, with the reason, when SoftHSM2 is absent).
 * It lives here, not in hsm-keystore-local, because the token maker is here and local's tests cannot depend on this
 * module (it depends on local); it uses only public types of the backend.
 */
class Pkcs11HsmBackendTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] AAD = "arn:aws:kms:us-east-1:000000000000:key/1".getBytes(StandardCharsets.UTF_8);

    private SoftHsm2Token softHsm;
    private Pkcs11HsmBackend backend;

    @BeforeEach
    void openBackend() {
        softHsm = SoftHsm2Token.assumeAvailable();
        backend = new Pkcs11HsmBackend(softHsm.token());
    }

    @AfterEach
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    private static String label() {
        return "test-key-" + UUID.randomUUID();
    }

    private static byte[] iv() {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        return iv;
    }

    private KeyStore tokenKeyStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS11", backend.provider());
        ks.load(null, softHsm.token().userPin());
        return ks;
    }

    @Test
    void generateAesKey_onToken_keyIsNonExtractableAndCipherRunsInToken() throws Exception {
        String handle = backend.generateAesKey(label());

        // the token object the backend labelled with the handle, through the backend's own provider
        SecretKey key = (SecretKey) tokenKeyStore().getKey(handle, null);
        assertThat(backend.hasKey(handle)).isTrue();
        assertThat(key.getEncoded()).as("key material must not leave the token").isNull();
        assertThat(key.getClass().getName()).startsWith("sun.security.pkcs11.P11Key");
        assertThat(key.toString()).startsWith(backend.provider().getName()).contains("token object", "sensitive", "unextractable");
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", backend.provider());
        byte[] iv = iv();
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        assertThat(cipher.getProvider().getName()).startsWith("SunPKCS11");
        byte[] ciphertext = cipher.doFinal("in the token".getBytes(StandardCharsets.UTF_8));
        assertThat(backend.decrypt(handle, iv, ciphertext, null)).asString(StandardCharsets.UTF_8).isEqualTo("in the token");
        KeyStore ks = tokenKeyStore();
        assertThat(ks.isKeyEntry(handle)).isTrue();
        assertThat(ks.getKey(handle, null).getEncoded()).isNull();
        assertThat(backend.describe()).isEqualTo("pkcs11:" + softHsm.token().library() + " slot " + softHsm.token().slotListIndex());
    }

    @Test
    void encryptDecrypt_withAad_roundTrips() {
        String handle = backend.generateAesKey(label());
        byte[] plaintext = new byte[4096];
        RANDOM.nextBytes(plaintext);
        byte[] iv = iv();

        byte[] ciphertext = backend.encrypt(handle, iv, plaintext, AAD);

        assertThat(ciphertext).hasSize(plaintext.length + 16).isNotEqualTo(plaintext);
        assertThat(backend.decrypt(handle, iv, ciphertext, AAD)).isEqualTo(plaintext);
    }

    @Test
    void decrypt_tamperedCiphertextOrOtherAad_failsWithBadTag() {
        String handle = backend.generateAesKey(label());
        byte[] iv = iv();
        byte[] ciphertext = backend.encrypt(handle, iv, "secret".getBytes(StandardCharsets.UTF_8), AAD);
        byte[] tampered = ciphertext.clone();
        tampered[2] ^= 1;

        assertThatThrownBy(() -> backend.decrypt(handle, iv, tampered, AAD))
                .isInstanceOf(HsmCryptoException.class).hasMessageContaining("decrypt").hasCauseInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> backend.decrypt(handle, iv, ciphertext, "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(HsmCryptoException.class).hasCauseInstanceOf(AEADBadTagException.class);
    }

    @Test
    void encrypt_ivNotTwelveBytes_throws() {
        String handle = backend.generateAesKey(label());

        assertThatThrownBy(() -> backend.encrypt(handle, new byte[16], new byte[1], null))
                .isInstanceOf(HsmCryptoException.class).hasMessageContaining("12-byte IV");
    }

    @Test
    void destroyKey_thenUse_failsAndKeyIsGoneFromToken() throws Exception {
        String handle = backend.generateAesKey(label());
        assertThat(tokenKeyStore().containsAlias(handle)).isTrue();

        backend.destroyKey(handle);

        assertThat(backend.hasKey(handle)).isFalse();
        assertThat(tokenKeyStore().containsAlias(handle)).isFalse();
        assertThatThrownBy(() -> backend.encrypt(handle, iv(), new byte[1], null))
                .isInstanceOf(HsmCryptoException.class).hasMessageContaining("No key with handle " + handle);
    }

    @Test
    void generateAesKey_twoKeys_areIndependent() {
        String a = backend.generateAesKey(label());
        String b = backend.generateAesKey(label());
        byte[] iv = iv();
        byte[] ciphertext = backend.encrypt(a, iv, "only a".getBytes(StandardCharsets.UTF_8), null);

        assertThatThrownBy(() -> backend.decrypt(b, iv, ciphertext, null))
                .isInstanceOf(HsmCryptoException.class).hasCauseInstanceOf(AEADBadTagException.class);
        backend.destroyKey(a);
        assertThat(backend.hasKey(b)).isTrue();
        assertThat(backend.decrypt(b, iv, backend.encrypt(b, iv, new byte[] {7}, null), null)).containsExactly(7);
    }

    @Test
    void generateAesKey_sameLabelTwiceAndAcrossBackends_getsUniqueLabels() throws Exception {
        String label = label();
        try (Pkcs11HsmBackend other = new Pkcs11HsmBackend(softHsm.token())) {
            String first = backend.generateAesKey(label);
            String second = backend.generateAesKey(label);
            String third = other.generateAesKey(label);

            assertThat(first).isEqualTo(label);
            assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
            assertThat(Collections.list(tokenKeyStore().aliases())).contains(first, second, third);
            assertThat(other.hasKey(first)).isFalse();
        }
    }

    @Test
    void close_destroysTheBackendsKeysOnTheToken() throws Exception {
        String handle;
        try (Pkcs11HsmBackend other = new Pkcs11HsmBackend(softHsm.token())) {
            handle = other.generateAesKey(label());
            assertThat(tokenKeyStore().containsAlias(handle)).isTrue();
        }

        assertThat(tokenKeyStore().containsAlias(handle)).isFalse();
    }

    @Test
    void constructor_otherPinForOpenToken_throwsWithoutPin() {
        Pkcs11Token token = softHsm.token();
        Pkcs11Token wrong = Pkcs11Token.of(token.library(), token.slotListIndex(), "wrongPin99".toCharArray());

        assertThatThrownBy(() -> new Pkcs11HsmBackend(wrong))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("another PIN").hasMessageNotContaining("wrongPin99");
    }

    @Test
    void constructor_missingLibrary_throws() {
        Pkcs11Token token = Pkcs11Token.of(Path.of("/nonexistent/libnothing.so"), 0, "1234".toCharArray());

        assertThatThrownBy(() -> new Pkcs11HsmBackend(token))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PKCS#11 library at /nonexistent/libnothing.so");
    }

    @Test
    void encryptDecrypt_concurrentThreads_allRoundTrip() throws Exception {
        List<String> handles = List.of(backend.generateAesKey(label()), backend.generateAesKey(label()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String handle = handles.get(t % 2);
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 200; i++) {
                        byte[] plaintext = new byte[1 + RANDOM.nextInt(2048)];
                        RANDOM.nextBytes(plaintext);
                        byte[] iv = iv();
                        if (java.util.Arrays.equals(plaintext, backend.decrypt(handle, iv, backend.encrypt(handle, iv, plaintext, AAD), AAD))) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A measurement, printed not asserted: AES-GCM 4 KB encrypt on the token vs in the JVM, 2 s each. */
    @Test
    void encrypt_fourKilobytes_measuredOnTokenAndInJvm() {
        byte[] plaintext = new byte[4096];
        RANDOM.nextBytes(plaintext);
        double token = opsPerSecond(backend, plaintext);
        double jvm;
        try (InJvmHsmBackend inJvm = new InJvmHsmBackend()) {
            jvm = opsPerSecond(inJvm, plaintext);
        }
        System.out.printf("AES-GCM 4 KB encrypt: %s %.0f ops/s, in-jvm %.0f ops/s%n", backend.describe(), token, jvm);
        assertThat(token).isPositive();
        assertThat(jvm).isPositive();
    }

    private static double opsPerSecond(HsmBackend hsm, byte[] plaintext) {
        String handle = hsm.generateAesKey(label());
        byte[] iv = iv();
        for (int i = 0; i < 500; i++) {
            hsm.encrypt(handle, iv, plaintext, AAD);
        }
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(2);
        int ops = 0;
        while (System.nanoTime() < deadline && ops < 5_000_000) {
            hsm.encrypt(handle, iv, plaintext, AAD);
            ops++;
        }
        return ops / ((System.nanoTime() - start) / 1e9);
    }
}
