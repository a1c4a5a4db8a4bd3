package io.github.hsmkeystore.local.internal.kms;

import java.util.List;

/**
 * The algorithms DescribeKey lists for a key spec and usage ({@code EncryptionAlgorithms}, {@code SigningAlgorithms},
 * {@code MacAlgorithms} or {@code KeyAgreementAlgorithms}), as in the KMS API model. The emulator only runs
 * SYMMETRIC_DEFAULT; the others are metadata of standard keys.
 */
final class KeyAlgorithms {
    private static final List<String> RSA_SIGNING = List.of("RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384",
            "RSASSA_PKCS1_V1_5_SHA_512", "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512");

    private KeyAlgorithms() {
    }

    static List<String> of(String keySpec, String keyUsage) {
        if (keyUsage.equals("KEY_AGREEMENT")) {
            return List.of("ECDH");
        }
        if (keySpec.startsWith("HMAC_")) {
            return List.of("HMAC_SHA_" + keySpec.substring(5));
        }
        boolean encrypt = keyUsage.equals("ENCRYPT_DECRYPT");
        return switch (keySpec) {
            case "SYMMETRIC_DEFAULT" -> List.of("SYMMETRIC_DEFAULT");
            case "RSA_2048", "RSA_3072", "RSA_4096" -> encrypt ? List.of("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256") : RSA_SIGNING;
            case "SM2" -> List.of(encrypt ? "SM2PKE" : "SM2DSA");
            case "ECC_NIST_P256", "ECC_SECG_P256K1" -> List.of("ECDSA_SHA_256");
            case "ECC_NIST_P384" -> List.of("ECDSA_SHA_384");
            case "ECC_NIST_P521" -> List.of("ECDSA_SHA_512");
            case "ECC_NIST_EDWARDS25519" -> List.of("ED25519_SHA_512", "ED25519_PH_SHA_512");
            case "ML_DSA_44", "ML_DSA_65", "ML_DSA_87" -> List.of("ML_DSA_SHAKE_256");
            default -> List.of();
        };
    }
}
