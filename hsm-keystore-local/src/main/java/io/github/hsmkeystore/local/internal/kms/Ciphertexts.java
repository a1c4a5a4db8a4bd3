package io.github.hsmkeystore.local.internal.kms;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The emulator's ciphertext blob (the real format is undocumented, aws-semantics 3.4): a magic prefix, the id
 * of the KMS key, the 12-byte GCM IV and the AES-256-GCM output. The associated data binds the key ARN and the
 * encryption context (order-independent, case-sensitive), so only the same key with the exact same context
 * decrypts it.
 */
final class Ciphertexts {
    private static final byte[] MAGIC = {'H', 'K', 'L', '1'};
    static final int KEY_ID_LENGTH = 36;
    static final int IV_LENGTH = 12;

    record Parsed(String keyId, byte[] iv, byte[] sealed) {
    }

    private Ciphertexts() {
    }

    static byte[] build(String keyId, byte[] iv, byte[] sealed) {
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + KEY_ID_LENGTH + IV_LENGTH + sealed.length);
        b.put(MAGIC).put(keyId.getBytes(StandardCharsets.US_ASCII)).put(iv).put(sealed);
        return b.array();
    }

    /** Parses a blob, or returns null when it is not one of ours (the caller answers InvalidCiphertextException). */
    static Parsed parse(byte[] blob) {
        int header = MAGIC.length + KEY_ID_LENGTH + IV_LENGTH;
        if (blob.length < header + 16) {
            return null;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (blob[i] != MAGIC[i]) {
                return null;
            }
        }
        String keyId = new String(blob, MAGIC.length, KEY_ID_LENGTH, StandardCharsets.US_ASCII);
        byte[] iv = new byte[IV_LENGTH];
        System.arraycopy(blob, MAGIC.length + KEY_ID_LENGTH, iv, 0, IV_LENGTH);
        byte[] sealed = new byte[blob.length - header];
        System.arraycopy(blob, header, sealed, 0, sealed.length);
        return new Parsed(keyId, iv, sealed);
    }

    /** Associated data: the key ARN and the encryption context with keys sorted, each part length-prefixed. */
    static byte[] associatedData(String keyArn, Map<String, String> encryptionContext) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writePart(out, keyArn);
        for (Map.Entry<String, String> e : new TreeMap<>(encryptionContext).entrySet()) {
            writePart(out, e.getKey());
            writePart(out, e.getValue());
        }
        return out.toByteArray();
    }

    private static void writePart(ByteArrayOutputStream out, String part) {
        byte[] bytes = exactUtf8(part);
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    /**
     * UTF-8, except that a lone surrogate is encoded as its own code point (3 bytes) where the JDK's encoder writes
     * {@code ?}: the context is bound byte-exact, so {@code "\ud800"} and {@code "?"} are different contexts.
     * Well-formed strings encode exactly as UTF-8.
     */
    static byte[] exactUtf8(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(s.length() + 8);
        s.codePoints().forEach(cp -> {
            if (cp < 0x80) {
                b.write(cp);
            } else if (cp < 0x800) {
                b.write(0xC0 | cp >> 6);
                b.write(0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                b.write(0xE0 | cp >> 12);
                b.write(0x80 | cp >> 6 & 0x3F);
                b.write(0x80 | cp & 0x3F);
            } else {
                b.write(0xF0 | cp >> 18);
                b.write(0x80 | cp >> 12 & 0x3F);
                b.write(0x80 | cp >> 6 & 0x3F);
                b.write(0x80 | cp & 0x3F);
            }
        });
        return b.toByteArray();
    }
}
