package io.github.hsmkeystore.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The emulator's jar holds no test glue: the classes compiled from src/main (what the jar packs) contain no JUnit
 * extension, no SoftHSM2 token maker and no reference to JUnit, and {@link Pkcs11Token} offers no key store for tests.
 */
class ProductionJarContentsTest {
    private static Path mainClasses() {
        try {
            Path location = Path.of(LocalHsmKeyStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertThat(location).as("main classes of hsm-keystore-local (a directory under Maven)").isDirectory();
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> classFiles() {
        try (Stream<Path> files = Files.walk(mainClasses())) {
            return files.filter(p -> p.toString().endsWith(".class")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void mainClasses_noExtensionOrSoftHsmClass_testGlueIsInTestSources() {
        List<String> names = classFiles().stream().map(p -> mainClasses().relativize(p).toString()).toList();
        assertThat(names).as("classes of the emulator's jar").isNotEmpty()
                .contains("io/github/hsmkeystore/local/LocalHsmKeyStore.class".replace('/', java.io.File.separatorChar))
                .noneMatch(n -> n.replace('$', '.').matches(".*Extension(\\..*)?\\.class"))
                .noneMatch(n -> n.contains("SoftHsm"));
    }

    @Test
    void mainClasses_noReferenceToJUnit() throws IOException {
        for (Path p : classFiles()) {
            String constants = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            assertThat(constants).as("%s refers to JUnit", p.getFileName()).doesNotContain("org/junit");
        }
    }

    @Test
    void pkcs11Token_noPublicKeyStoreMethod() {
        assertThat(Arrays.stream(Pkcs11Token.class.getMethods()).filter(m -> Modifier.isPublic(m.getModifiers())))
                .as("public methods of Pkcs11Token").extracting(Method::getReturnType).doesNotContain(KeyStore.class);
    }

    @Test
    void mainClasses_onlyMainRefersToPicocli_soEmbeddingLoadsNoPicocliClass() throws IOException {
        // picocli is an optional dependency (the standalone jar shades it): a class an embedding user loads must not need it
        for (Path p : classFiles()) {
            String name = mainClasses().relativize(p).toString().replace(java.io.File.separatorChar, '/');
            if (name.equals("io/github/hsmkeystore/local/Main.class") || name.startsWith("io/github/hsmkeystore/local/Main$")) {
                continue;
            }
            String constants = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            assertThat(constants).as("%s refers to picocli", name).doesNotContain("picocli/");
            assertThat(constants).as("%s refers to Main (which loads picocli)", name).doesNotContain("io/github/hsmkeystore/local/Main");
        }
    }
}
