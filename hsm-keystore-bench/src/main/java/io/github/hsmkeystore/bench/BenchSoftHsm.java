package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.local.Pkcs11Token;
import io.github.hsmkeystore.testing.SoftHsm2Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SoftHSM2 token of a benchmark JVM ({@link SoftHsm2Token}, created on first use). {@link BenchMain} makes sure
 * {@code SOFTHSM2_CONF} is in the environment of every benchmark JVM (re-executing itself with a temporary directory
 * when it is missing); JMH forks inherit it and each initialises its own token, so forks never share keys.
 */
final class BenchSoftHsm {
    private static Pkcs11Token token;

    private BenchSoftHsm() {
    }

    /** This JVM's token, created on first use. */
    static synchronized Pkcs11Token token() {
        if (token == null) {
            token = SoftHsm2Token.create("bench").token();
        }
        return token;
    }

    /** Deletes a directory tree, best effort (used at exit for temporary directories). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e.getMessage());
        }
    }
}
