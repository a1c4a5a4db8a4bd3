package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API says states with the AWS SDK's enums, not Strings: no public method of a public type of
 * {@code io.github.hsmkeystore.core} (outside {@code internal}) named like a state returns a String.
 */
class PublicApiPolicyTest {
    private static List<Class<?>> publicTypes() {
        try {
            Path root = Path.of(KmsKey.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/classes under surefire, the module's jar under failsafe
            try (FileSystem jar = Files.isRegularFile(root) ? FileSystems.newFileSystem(root) : null;
                 Stream<Path> files = Files.list((jar == null ? root : jar.getPath("/")).resolve("io/github/hsmkeystore/core"))) {
                List<Class<?>> types = new ArrayList<>();
                for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = p.getFileName().toString();
                    Class<?> c = Class.forName("io.github.hsmkeystore.core." + name.substring(0, name.length() - 6));
                    if (Modifier.isPublic(c.getModifiers())) {
                        types.add(c);
                    }
                }
                return types;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void publicMethods_stateLikeNames_returnEnumsOrOptionalsNotStrings() {
        List<Class<?>> types = publicTypes();
        assertThat(types).contains(KmsKey.class, Health.class, EncryptedTable.class);
        List<String> offenders = new ArrayList<>();
        for (Class<?> c : types) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && m.getReturnType() == String.class
                        && m.getName().matches("(?i).*(state|status|origin|errorcode)")) {
                    offenders.add(c.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertThat(offenders).as("public methods returning a state as a String").isEmpty();
    }
}
