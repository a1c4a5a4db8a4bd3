package io.github.hsmkeystore.local;

import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
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
 * JUnit 5 extension that runs a {@link LocalHsmKeyStore} for a test class (static field) or for each test
 * (instance field), and injects it and its SDK clients as test-method parameters.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
 *
 * @Test
 * void createsKey(KmsClient kms, CloudHsmV2Client hsm) { ... }
 * }</pre>
 */
public final class LocalHsmKeyStoreExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private final Consumer<LocalHsmKeyStore.Builder> customizer;
    private LocalHsmKeyStore local;
    private boolean perClass;

    private LocalHsmKeyStoreExtension(Consumer<LocalHsmKeyStore.Builder> customizer) {
        this.customizer = customizer;
    }

    /**
     * An extension with the emulator's defaults.
     *
     * @return a new extension, to register with {@code @RegisterExtension}
     */
    public static LocalHsmKeyStoreExtension create() {
        return new LocalHsmKeyStoreExtension(b -> { });
    }

    /**
     * An extension whose emulator is configured by {@code customizer}, e.g. a longer transition delay.
     *
     * @param customizer configures the emulator's builder
     * @return a new extension, to register with {@code @RegisterExtension}
     */
    public static LocalHsmKeyStoreExtension create(Consumer<LocalHsmKeyStore.Builder> customizer) {
        return new LocalHsmKeyStoreExtension(customizer);
    }

    /**
     * The running emulator (available inside tests and {@code @BeforeAll}/{@code @BeforeEach} methods).
     *
     * @return the running emulator
     * @throws IllegalStateException when the emulator is not running
     */
    public LocalHsmKeyStore local() {
        if (local == null) {
            throw new IllegalStateException("The emulator is not running: register the extension with @RegisterExtension");
        }
        return local;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        local = startNew();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            local = startNew();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    private LocalHsmKeyStore startNew() {
        LocalHsmKeyStore.Builder builder = LocalHsmKeyStore.builder();
        customizer.accept(builder);
        return builder.start();
    }

    private void stop() {
        if (local != null) {
            local.close();
            local = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == LocalHsmKeyStore.class || type == KmsClient.class || type == CloudHsmV2Client.class
                || type == DynamoDbClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        LocalHsmKeyStore l = local();
        if (type == LocalHsmKeyStore.class) {
            return l;
        } else if (type == KmsClient.class) {
            return l.kmsClient();
        } else if (type == CloudHsmV2Client.class) {
            return l.cloudHsmClient();
        } else if (type == DynamoDbClient.class) {
            return l.dynamoDbClient();
        }
        throw new ParameterResolutionException("Cannot inject " + type.getName());
    }
}
