package io.github.hsmkeystore.testing;

import io.github.hsmkeystore.core.TrustAnchor;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * JUnit 5 extension that runs the hsm-keystore-local emulator and injects it, its SDK clients, a
 * {@link LocalEmulatorActivation} and a test {@link TrustAnchor} as parameters of test, {@code @BeforeAll} and
 * {@code @BeforeEach} methods. The trust anchor is made once per test run (one RSA-2048 key pair, 0.3-0.9 s in a cold
 * JVM), in a private temporary directory deleted when the run ends, and shared by every test class: a throwaway CA
 * for signing emulated clusters' CSRs, never one to trust on AWS. Its state
 * lives in JUnit's {@link ExtensionContext.Store}, never in fields: the emulator is closed when its context ends,
 * {@code @Nested} classes share their enclosing class's emulator, and tests running in parallel each see the emulator
 * of their own context.
 *
 * <pre>{@code
 * @ExtendWith(HsmKeyStoreExtension.class)            // one emulator per test class
 * class OrdersTest {
 *     @Test
 *     void provisions(KmsClient kms, CloudHsmV2Client hsm, LocalEmulatorActivation activation, TrustAnchor anchor) {
 *         ...
 *     }
 * }
 *
 * @RegisterExtension
 * static final HsmKeyStoreExtension local = HsmKeyStoreExtension.perTest(b -> b.transitionDelay(Duration.ZERO));
 * }</pre>
 */
public final class HsmKeyStoreExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HsmKeyStoreExtension.class);
    private static final String KEY = "emulator";
    private static final String TRUST_ANCHOR_KEY = "trustAnchor";
    /** The admin password {@link LocalEmulatorActivation} sets on clusters of the emulator. */
    public static final String ADMIN_PASSWORD = "localAdmin1";

    private final boolean perTest;
    private final Consumer<LocalHsmKeyStore.Builder> customizer;

    /** An extension with one emulator per test class and the emulator's defaults (for {@code @ExtendWith}). */
    public HsmKeyStoreExtension() {
        this(false, b -> { });
    }

    private HsmKeyStoreExtension(boolean perTest, Consumer<LocalHsmKeyStore.Builder> customizer) {
        this.perTest = perTest;
        this.customizer = Objects.requireNonNull(customizer, "customizer must not be null");
    }

    /**
     * One emulator per test class (shared by its {@code @Nested} classes) with the emulator's defaults.
     *
     * @return the extension
     */
    public static HsmKeyStoreExtension perClass() {
        return new HsmKeyStoreExtension(false, b -> { });
    }

    /**
     * One emulator per test class, configured by {@code customizer}.
     *
     * @param customizer configures the emulator, e.g. {@code b -> b.transitionDelay(Duration.ofMillis(50))}
     * @return the extension
     */
    public static HsmKeyStoreExtension perClass(Consumer<LocalHsmKeyStore.Builder> customizer) {
        return new HsmKeyStoreExtension(false, customizer);
    }

    /**
     * A fresh emulator for each test method, configured by {@code customizer}.
     *
     * @param customizer configures the emulator
     * @return the extension
     */
    public static HsmKeyStoreExtension perTest(Consumer<LocalHsmKeyStore.Builder> customizer) {
        return new HsmKeyStoreExtension(true, customizer);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest) {
            emulator(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest) {
            emulator(context);
        }
    }

    /**
     * The emulator of this context: the one of the nearest enclosing context that has one, else a new one stored in
     * (and closed with) this context's class, or, per test, this test's context.
     *
     * @param context the current extension context
     * @return the running emulator
     */
    public LocalHsmKeyStore emulator(ExtensionContext context) {
        ExtensionContext owner = owner(context);
        Running running = owner.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, k -> new Running(start()), Running.class);
        return running.local;
    }

    private ExtensionContext owner(ExtensionContext context) {
        if (perTest && context.getTestMethod().isPresent()) {
            return context;
        }
        // the outermost class context: @Nested classes reuse their enclosing class's emulator
        ExtensionContext c = context;
        while (c.getParent().isPresent() && c.getParent().get().getTestClass().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private LocalHsmKeyStore start() {
        LocalHsmKeyStore.Builder b = LocalHsmKeyStore.builder();
        customizer.accept(b);
        return b.start();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalHsmKeyStore.class || type == KmsClient.class || type == CloudHsmV2Client.class
                || type == DynamoDbClient.class || type == LocalEmulatorActivation.class || type == TrustAnchor.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == TrustAnchor.class) {
            return trustAnchor(context);
        }
        LocalHsmKeyStore local = emulator(context);
        if (type == LocalHsmKeyStore.class) {
            return local;
        }
        if (type == KmsClient.class) {
            return local.kmsClient();
        }
        if (type == CloudHsmV2Client.class) {
            return local.cloudHsmClient();
        }
        if (type == DynamoDbClient.class) {
            return local.dynamoDbClient();
        }
        if (type == LocalEmulatorActivation.class) {
            return new LocalEmulatorActivation(local.endpoint(), io.github.hsmkeystore.core.Secret.of(ADMIN_PASSWORD));
        }
        throw new ParameterResolutionException("Cannot resolve " + type);
    }

    /**
     * The test run's trust anchor: made on first use, kept in the root context's store (so every test class of the run
     * shares it) and deleted with its directory when the run ends.
     *
     * @param context the current extension context
     * @return the trust anchor, able to sign
     */
    public static TrustAnchor trustAnchor(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(TRUST_ANCHOR_KEY, k -> new TestAnchor(), TestAnchor.class).anchor;
    }

    /** A trust anchor in a temporary directory of its own (owner-only, as {@link TrustAnchor#generate} requires). */
    @SuppressWarnings("deprecation")
    private static final class TestAnchor implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Path dir;
        final TrustAnchor anchor;

        TestAnchor() {
            try {
                dir = Files.createTempDirectory("hsm-keystore-test-ca-");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a temporary directory for the test trust anchor", e);
            }
            anchor = TrustAnchor.generate(dir.resolve("customerCA"));
        }

        @Override
        public void close() {
            try {
                anchor.certificatePem(); // TrustAnchor.generate makes the CA in the background: let it finish first
            } catch (RuntimeException e) {
                // it failed (nothing written) or this thread was interrupted: the directory goes all the same
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete the test trust anchor's directory " + dir, e);
            }
        }
    }

    /**
     * Closes the emulator when its context ends (JUnit 5.14 closes AutoCloseable store values; CloseableResource keeps
     * older JUnit 5 versions working).
     */
    @SuppressWarnings("deprecation")
    private static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final LocalHsmKeyStore local;

        Running(LocalHsmKeyStore local) {
            this.local = local;
        }

        @Override
        public void close() {
            local.close();
        }
    }
}
