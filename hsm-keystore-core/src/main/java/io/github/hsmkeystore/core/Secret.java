package io.github.hsmkeystore.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A sensitive value (the kmsuser password, an admin password) held in a {@code char[]} that can be wiped.
 * {@link #toString()} never shows it.
 *
 * <pre>{@code
 * Secret password = Secret.of(console.readPassword());
 * builder.kmsUserPassword(password);
 * // after provisioning
 * password.destroy();
 * }</pre>
 */
public final class Secret implements AutoCloseable {
    private final char[] value;
    private volatile boolean destroyed;

    private Secret(char[] value) {
        this.value = value;
    }

    /**
     * Wraps a copy of {@code value}; the caller may wipe its own array afterwards.
     *
     * @param value the secret characters
     * @return a new secret
     * @throws NullPointerException if {@code value} is null
     */
    public static Secret of(char[] value) {
        return new Secret(Objects.requireNonNull(value, "value must not be null").clone());
    }

    /**
     * Wraps the characters of a string. Prefer {@link #of(char[])}: a string cannot be wiped.
     *
     * @param value the secret characters
     * @return a new secret
     * @throws NullPointerException if {@code value} is null
     */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "value must not be null").toCharArray());
    }

    /**
     * A copy of the secret characters; the caller should wipe it ({@code Arrays.fill(chars, '\0')}) after use.
     *
     * @return a copy of the value
     * @throws IllegalStateException if the secret was destroyed
     */
    public char[] chars() {
        checkNotDestroyed();
        return value.clone();
    }

    /**
     * The secret as a string, for APIs that only take strings (the AWS SDK's {@code KeyStorePassword}).
     *
     * @return the value
     * @throws IllegalStateException if the secret was destroyed
     */
    public String reveal() {
        checkNotDestroyed();
        return new String(value);
    }

    /**
     * The number of characters (not secret: validation messages may say "must be 7-32 characters").
     *
     * @return the length
     */
    public int length() {
        checkNotDestroyed();
        return value.length;
    }

    /**
     * Whether every character satisfies a check, without exposing the value.
     *
     * @param check the test per character
     * @return true if all characters pass
     */
    public boolean allMatch(java.util.function.IntPredicate check) {
        checkNotDestroyed();
        for (char c : value) {
            if (!check.test(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code other} contains this secret's value (used by tests and log scanners).
     *
     * @param text any text
     * @return true if the text contains the secret
     */
    public boolean isContainedIn(CharSequence text) {
        checkNotDestroyed();
        return value.length > 0 && text.toString().contains(new String(value));
    }

    /** Overwrites the value with zeros; later reads throw {@link IllegalStateException}. */
    public void destroy() {
        Arrays.fill(value, '\0');
        destroyed = true;
    }

    /**
     * Whether {@link #destroy()} was called.
     *
     * @return true once destroyed
     */
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Same as {@link #destroy()}, for try-with-resources. */
    @Override
    public void close() {
        destroy();
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new IllegalStateException("Secret was destroyed; create a new one");
        }
    }

    /** Compares values in constant time with respect to the content. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Secret other) || destroyed || other.destroyed) {
            return false;
        }
        return java.security.MessageDigest.isEqual(new String(value).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new String(other.value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // never derived from the value
    }

    @Override
    public String toString() {
        return "Secret[***]";
    }
}
