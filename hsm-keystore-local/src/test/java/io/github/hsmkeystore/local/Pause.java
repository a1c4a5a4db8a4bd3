package io.github.hsmkeystore.local;

/** Sleeping in polling loops of the emulator's tests. */
public final class Pause {
    private Pause() {
    }

    /** Sleeps {@code millis}; an interrupt fails the test (the flag is kept). */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
