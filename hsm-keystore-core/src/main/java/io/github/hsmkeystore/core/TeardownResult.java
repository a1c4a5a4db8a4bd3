package io.github.hsmkeystore.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code teardown()} did. KMS keeps a key for its deletion window (7-30 days) and a custom key store cannot be
 * deleted while it holds any key, so a teardown of a store with keys stops after scheduling their deletion, keeping
 * the store connected so KMS can delete the key material from the HSMs; run {@code teardown()} again after
 * {@link #keysDeletedAfter()} to delete the store, HSMs and cluster.
 *
 * @param actions what was done, in order (plain language)
 * @param complete whether everything is gone
 * @param keysDeletedAfter the latest deletion date of the keys still pending deletion, or empty when none
 */
public record TeardownResult(List<String> actions, boolean complete, Optional<Instant> keysDeletedAfter) {
    /**
     * Checks that no component is null and copies the list.
     *
     * @param actions what was done, in order (plain language)
     * @param complete whether everything is gone
     * @param keysDeletedAfter the latest deletion date of the keys still pending deletion, or empty when none
     */
    public TeardownResult {
        actions = List.copyOf(actions);
        Objects.requireNonNull(keysDeletedAfter, "keysDeletedAfter must not be null (use Optional.empty())");
    }
}
