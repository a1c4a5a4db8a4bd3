package io.github.hsmkeystore.local.kms;

import static io.github.hsmkeystore.local.kms.KmsFixture.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import io.github.hsmkeystore.local.testing.OpenSsl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeyPairSpec;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Standard KMS asymmetric and HMAC keys (docs/kms-and-cloudhsm.md "Asymmetric and HMAC keys"): every signing algorithm
 * of every implemented key spec, checked with OpenSSL on GetPublicKey's key; RSA OAEP both ways with OpenSSL; MACs;
 * data key pairs; the errors.
 */
class KmsAsymmetricIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = KmsFixture.manualClockEmulator();
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();
    private static final byte[] MESSAGE = "the message KMS signs".getBytes(StandardCharsets.UTF_8);

    private KmsFixture f;
    private KmsClient kms;

    @BeforeEach
    void setUp() {
        f = new KmsFixture(local.local());
        kms = f.kms;
    }

    /** One key per spec and usage for the whole class (RSA 4096 generation is slow). */
    private String key(String spec, KeyUsageType usage) {
        return KEYS.computeIfAbsent(spec + "/" + usage, k -> kms.createKey(r -> r.keySpec(spec).keyUsage(usage)).keyMetadata().keyId());
    }

    static Stream<Arguments> signingAlgorithms() {
        List<Arguments> out = new ArrayList<>();
        for (String spec : List.of("RSA_2048", "RSA_3072", "RSA_4096")) {
            for (String a : List.of("RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512",
                    "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512")) {
                out.add(Arguments.of(spec, a));
            }
        }
        out.add(Arguments.of("ECC_NIST_P256", "ECDSA_SHA_256"));
        out.add(Arguments.of("ECC_NIST_P384", "ECDSA_SHA_384"));
        out.add(Arguments.of("ECC_NIST_P521", "ECDSA_SHA_512"));
        out.add(Arguments.of("ECC_SECG_P256K1", "ECDSA_SHA_256"));
        return out.stream();
    }

    private static String hash(String algorithm) {
        return "sha" + algorithm.substring(algorithm.length() - 3);
    }

    private static String pem(byte[] spki) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static List<String> pssOptions(String algorithm) {
        return algorithm.startsWith("RSASSA_PSS")
                ? List.of("-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest", "-sigopt", "rsa_mgf1_md:" + hash(algorithm))
                : List.of();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("signingAlgorithms")
    void sign_eachSpecAndAlgorithm_verifiesWithOpenSslOnGetPublicKey(String spec, String algorithm, @TempDir Path dir) {
        OpenSsl.assumeAvailable();
        String keyId = key(spec, KeyUsageType.SIGN_VERIFY);
        byte[] signature = kms.sign(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(MESSAGE)).signingAlgorithm(algorithm))
                .signature().asByteArray();
        GetPublicKeyResponse pub = kms.getPublicKey(r -> r.keyId(keyId));
        assertThat(pub.keySpecAsString()).isEqualTo(spec);
        assertThat(pub.signingAlgorithmsAsStrings()).contains(algorithm);
        String pubPem = OpenSsl.write(dir, "pub.pem", pem(pub.publicKey().asByteArray()));
        String msg = OpenSsl.write(dir, "msg.bin", MESSAGE);
        String sig = OpenSsl.write(dir, "sig.bin", signature);

        List<String> args = new ArrayList<>(List.of("dgst", "-" + hash(algorithm), "-verify", pubPem, "-signature", sig));
        args.addAll(pssOptions(algorithm));
        args.add(msg);
        OpenSsl.Result ok = OpenSsl.run(args);
        assertThat(ok.output()).as(ok.output()).contains("Verified OK");

        String tampered = OpenSsl.write(dir, "tampered.bin", "the message KMS signed".getBytes(StandardCharsets.UTF_8));
        args.set(args.size() - 1, tampered);
        assertThat(OpenSsl.run(args).exitCode()).isNotZero();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("signingAlgorithms")
    void sign_digestMessageType_verifiesAsRawAndAgainstAlteredMessageIsInvalidSignature(String spec, String algorithm) throws Exception {
        String keyId = key(spec, KeyUsageType.SIGN_VERIFY);
        byte[] digest = MessageDigest.getInstance("SHA-" + algorithm.substring(algorithm.length() - 3)).digest(MESSAGE);
        var signed = kms.sign(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(digest)).messageType(MessageType.DIGEST)
                .signingAlgorithm(algorithm));
        assertThat(signed.signingAlgorithmAsString()).isEqualTo(algorithm);
        assertThat(kms.verify(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(MESSAGE)).signature(signed.signature())
                .signingAlgorithm(algorithm)).signatureValid()).isTrue();
        assertAwsError(() -> kms.verify(r -> r.keyId(keyId).message(SdkBytes.fromUtf8String("another message"))
                .signature(signed.signature()).signingAlgorithm(algorithm)), "KMSInvalidSignatureException", "not valid");
    }

    @Test
    void sign_errors_invalidKeyUsageValidationAndNotFound() {
        String ecc = key("ECC_NIST_P256", KeyUsageType.SIGN_VERIFY);
        String rsaEncrypt = key("RSA_2048", KeyUsageType.ENCRYPT_DECRYPT);
        SdkBytes message = SdkBytes.fromByteArray(MESSAGE);
        assertAwsError(() -> kms.sign(r -> r.keyId(ecc).message(message).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_384)),
                "InvalidKeyUsageException", "ECDSA_SHA_384");
        assertAwsError(() -> kms.sign(r -> r.keyId(rsaEncrypt).message(message).signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)),
                "InvalidKeyUsageException", "ENCRYPT_DECRYPT");
        assertAwsError(() -> kms.sign(r -> r.keyId(f.createStandardKey().keyId()).message(message)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)), "InvalidKeyUsageException", "SYMMETRIC_DEFAULT");
        assertAwsError(() -> kms.sign(r -> r.keyId(ecc).message(SdkBytes.fromByteArray(new byte[31])).messageType(MessageType.DIGEST)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)), "ValidationException", "Digest is invalid length");
        assertAwsError(() -> kms.sign(r -> r.keyId(ecc).message(SdkBytes.fromByteArray(new byte[4097]))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)), "ValidationException", "4096");
        assertAwsError(() -> kms.sign(r -> r.keyId(ecc).message(message).signingAlgorithm("ECDSA_SHA_1")),
                "ValidationException", "signingAlgorithm");
        assertAwsError(() -> kms.sign(r -> r.keyId(ecc).message(message).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256).dryRun(true)),
                "DryRunOperationException", "DryRun");
    }

    @Test
    void sign_disabledKey_isDisabledException() {
        String keyId = kms.createKey(r -> r.keySpec("ECC_NIST_P256").keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        kms.disableKey(r -> r.keyId(keyId));
        assertAwsError(() -> kms.sign(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(MESSAGE))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)), "DisabledException", keyId);
        assertAwsError(() -> kms.getPublicKey(r -> r.keyId(keyId)), "DisabledException", keyId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"})
    void decrypt_ciphertextFromOpenSslWithGetPublicKey_returnsPlaintext(String algorithm, @TempDir Path dir) {
        OpenSsl.assumeAvailable();
        String keyId = key("RSA_2048", KeyUsageType.ENCRYPT_DECRYPT);
        String pubPem = OpenSsl.write(dir, "pub.pem", pem(kms.getPublicKey(r -> r.keyId(keyId)).publicKey().asByteArray()));
        String in = OpenSsl.write(dir, "in.bin", MESSAGE);
        String out = dir.resolve("out.bin").toString();
        String md = algorithm.endsWith("SHA_1") ? "sha1" : "sha256";
        OpenSsl.Result enc = OpenSsl.run(List.of("pkeyutl", "-encrypt", "-pubin", "-inkey", pubPem, "-in", in, "-out", out,
                "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:" + md, "-pkeyopt", "rsa_mgf1_md:" + md));
        assertThat(enc.exitCode()).as(enc.output()).isZero();
        byte[] ciphertext = readAll(out);
        var decrypted = kms.decrypt(r -> r.keyId(keyId).ciphertextBlob(SdkBytes.fromByteArray(ciphertext)).encryptionAlgorithm(algorithm));
        assertThat(decrypted.plaintext().asByteArray()).isEqualTo(MESSAGE);
        assertThat(decrypted.encryptionAlgorithmAsString()).isEqualTo(algorithm);
    }

    @Test
    void encrypt_rsaKey_roundTripsAndEnforcesAlgorithmSizeAndContext() {
        String keyId = key("RSA_2048", KeyUsageType.ENCRYPT_DECRYPT);
        var encrypted = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(MESSAGE))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256));
        assertThat(encrypted.ciphertextBlob().asByteArray()).hasSize(256);
        assertThat(kms.decrypt(r -> r.keyId(keyId).ciphertextBlob(encrypted.ciphertextBlob())
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)).plaintext().asByteArray()).isEqualTo(MESSAGE);
        assertAwsError(() -> kms.decrypt(r -> r.keyId(keyId).ciphertextBlob(encrypted.ciphertextBlob())
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)), "InvalidCiphertextException", "ciphertext");
        assertAwsError(() -> kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(MESSAGE))),
                "InvalidKeyUsageException", "SYMMETRIC_DEFAULT");
        assertAwsError(() -> kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(new byte[191]))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)), "ValidationException", "190");
        assertThat(kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(new byte[214]))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)).ciphertextBlob().asByteArray()).hasSize(256);
        assertAwsError(() -> kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(MESSAGE))
                .encryptionContext(Map.of("a", "b")).encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)),
                "ValidationException", "EncryptionContext");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512"})
    void generateMac_eachHmacSpec_verifiesAndRejectsAlteredMac(String spec) {
        String keyId = key(spec, KeyUsageType.GENERATE_VERIFY_MAC);
        String algorithm = "HMAC_SHA_" + spec.substring(5);
        var mac = kms.generateMac(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(MESSAGE)).macAlgorithm(algorithm));
        assertThat(mac.mac().asByteArray()).hasSize(Integer.parseInt(spec.substring(5)) / 8);
        assertThat(kms.verifyMac(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(MESSAGE)).macAlgorithm(algorithm)
                .mac(mac.mac())).macValid()).isTrue();
        byte[] altered = mac.mac().asByteArray();
        altered[0] ^= 1;
        assertAwsError(() -> kms.verifyMac(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(MESSAGE)).macAlgorithm(algorithm)
                .mac(SdkBytes.fromByteArray(altered))), "KMSInvalidMacException", "not valid");
        String other = spec.equals("HMAC_256") ? "HMAC_SHA_512" : "HMAC_SHA_256";
        assertAwsError(() -> kms.generateMac(r -> r.keyId(keyId).message(SdkBytes.fromByteArray(MESSAGE)).macAlgorithm(other)),
                "InvalidKeyUsageException", other);
    }

    @Test
    void generateMac_symmetricEncryptionKey_isInvalidKeyUsage() {
        assertAwsError(() -> kms.generateMac(r -> r.keyId(f.createStandardKey().keyId()).message(SdkBytes.fromByteArray(MESSAGE))
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)), "InvalidKeyUsageException", "SYMMETRIC_DEFAULT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA_2048", "ECC_NIST_P256", "ECC_SECG_P256K1"})
    void generateDataKeyPair_privateKeyDecryptsToPlaintextAndMatchesPublicKey(String spec) throws Exception {
        String keyId = f.createStandardKey().keyId();
        GenerateDataKeyPairResponse pair = kms.generateDataKeyPair(r -> r.keyId(keyId).keyPairSpec(spec)
                .encryptionContext(Map.of("purpose", "test")));
        assertThat(pair.keyPairSpecAsString()).isEqualTo(spec);
        byte[] decrypted = kms.decrypt(r -> r.ciphertextBlob(pair.privateKeyCiphertextBlob())
                .encryptionContext(Map.of("purpose", "test"))).plaintext().asByteArray();
        assertThat(decrypted).isEqualTo(pair.privateKeyPlaintext().asByteArray());
        String algorithm = spec.startsWith("RSA") ? "RSA" : "EC";
        var provider = new org.bouncycastle.jce.provider.BouncyCastleProvider();
        KeyFactory factory = KeyFactory.getInstance(algorithm, provider);
        PrivateKey priv = factory.generatePrivate(new PKCS8EncodedKeySpec(decrypted));
        PublicKey pub = factory.generatePublic(new X509EncodedKeySpec(pair.publicKey().asByteArray()));
        Signature s = Signature.getInstance(algorithm.equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA", provider);
        s.initSign(priv);
        s.update(MESSAGE);
        byte[] sig = s.sign();
        s.initVerify(pub);
        s.update(MESSAGE);
        assertThat(s.verify(sig)).isTrue();

        var without = kms.generateDataKeyPairWithoutPlaintext(r -> r.keyId(keyId).keyPairSpec(DataKeyPairSpec.ECC_NIST_P384));
        assertThat(without.publicKey()).isNotNull();
        assertThat(without.privateKeyCiphertextBlob()).isNotNull();
    }

    @Test
    void generateDataKeyPair_customKeyStoreKey_isUnsupportedOperation() {
        KeyMetadata key = f.createKey(f.connectedStore());
        assertAwsError(() -> kms.generateDataKeyPair(r -> r.keyId(key.keyId()).keyPairSpec(DataKeyPairSpec.RSA_2048)),
                "UnsupportedOperationException", "custom key store");
        assertAwsError(() -> kms.generateDataKeyPairWithoutPlaintext(r -> r.keyId(key.keyId()).keyPairSpec(DataKeyPairSpec.RSA_2048)),
                "UnsupportedOperationException", "custom key store");
        assertAwsError(() -> kms.sign(r -> r.keyId(key.keyId()).message(SdkBytes.fromByteArray(MESSAGE))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)), "InvalidKeyUsageException", key.keyId());
    }

    @Test
    void createKey_sm2OutsideChina_isUnsupportedOperation() {
        assertAwsError(() -> kms.createKey(r -> r.keySpec("SM2").keyUsage(KeyUsageType.SIGN_VERIFY)),
                "UnsupportedOperationException", "China");
        assertAwsError(() -> kms.generateDataKeyPair(r -> r.keyId(f.createStandardKey().keyId()).keyPairSpec(DataKeyPairSpec.SM2)),
                "UnsupportedOperationException", "China");
    }

    @Test
    void getPublicKey_symmetricOrHmacKey_isUnsupportedOperation() {
        String symmetric = f.createStandardKey().keyId();
        assertAwsError(() -> kms.getPublicKey(r -> r.keyId(symmetric)), "UnsupportedOperationException", "SYMMETRIC_DEFAULT");
        String hmac = key("HMAC_256", KeyUsageType.GENERATE_VERIFY_MAC);
        assertAwsError(() -> kms.getPublicKey(r -> r.keyId(hmac)), "UnsupportedOperationException", "HMAC_256");
    }

    private static byte[] readAll(String path) {
        try {
            return java.nio.file.Files.readAllBytes(Path.of(path));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
