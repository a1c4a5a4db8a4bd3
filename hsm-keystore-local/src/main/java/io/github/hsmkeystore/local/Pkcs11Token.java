package io.github.hsmkeystore.local;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A PKCS#11 token that holds the key material of the emulator's CloudHSM clusters instead of the JVM's memory
 * (see {@link LocalHsmKeyStore.Builder#pkcs11(Pkcs11Token)}): the library of any PKCS#11 implementation, e.g.
 * SoftHSM2's {@code /usr/lib/softhsm/libsofthsm2.so}, the index of the token's slot in the library's slot list
 * (SunPKCS11's {@code slotListIndex}), and the user PIN.
 *
 * <p>The PIN is copied in and never printed: {@link #toString()} masks it.
 */
public final class Pkcs11Token {
    private final Path library;
    private final int slotListIndex;
    private final char[] userPin;

    private Pkcs11Token(Path library, int slotListIndex, char[] userPin) {
        this.library = library;
        this.slotListIndex = slotListIndex;
        this.userPin = userPin;
    }

    /**
     * A token in a PKCS#11 library.
     *
     * @param library       path of the PKCS#11 shared library
     * @param slotListIndex index of the token's slot in the library's list of slots (0 for the first)
     * @param userPin       the token's user PIN; copied
     * @return the token
     */
    public static Pkcs11Token of(Path library, int slotListIndex, char[] userPin) {
        Objects.requireNonNull(library, "library must not be null");
        Objects.requireNonNull(userPin, "userPin must not be null");
        if (slotListIndex < 0) {
            throw new IllegalArgumentException("slotListIndex must be >= 0, got " + slotListIndex);
        }
        if (userPin.length == 0) {
            throw new IllegalArgumentException("userPin must not be empty");
        }
        return new Pkcs11Token(library.toAbsolutePath(), slotListIndex, userPin.clone());
    }

    /**
     * The PKCS#11 shared library (absolute).
     *
     * @return the library's absolute path
     */
    public Path library() {
        return library;
    }

    /**
     * The index of the token's slot in the library's slot list.
     *
     * @return the slot list index, 0 for the first
     */
    public int slotListIndex() {
        return slotListIndex;
    }

    /**
     * A copy of the user PIN; the caller should clear it after use.
     *
     * @return a new copy of the PIN
     */
    public char[] userPin() {
        return userPin.clone();
    }

    /**
     * {@code pkcs11:<library> slot <n>}, as the emulator describes this backend in logs.
     *
     * @return the description, without the PIN
     */
    public String describe() {
        return "pkcs11:" + library + " slot " + slotListIndex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pkcs11Token t && t.library.equals(library) && t.slotListIndex == slotListIndex
                && Arrays.equals(t.userPin, userPin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(library, slotListIndex);
    }

    @Override
    public String toString() {
        return "Pkcs11Token[library=" + library + ", slotListIndex=" + slotListIndex + ", userPin=***]";
    }
}
