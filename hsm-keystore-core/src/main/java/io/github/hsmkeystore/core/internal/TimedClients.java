package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.CallTimeouts;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkClient;

/**
 * Puts {@link CallTimeouts} on every request sent through a client, in one place: a view of the caller's client whose
 * every request gets {@code apiCallAttemptTimeout} and {@code apiCallTimeout} (unless the request already has its own).
 * The SDK client interfaces build each request from a consumer in default methods that call the request-taking method,
 * so intercepting that one method covers both forms and the paginators.
 */
public final class TimedClients {
    private TimedClients() {
    }

    /**
     * A view of {@code client} that applies {@code timeouts}; {@code client} itself when they are the client defaults.
     *
     * @param type the client interface, e.g. {@code KmsClient.class}
     * @param client the caller's client (never closed through the view's owner)
     * @param timeouts the timeouts
     * @param <C> the client type
     * @return the view
     */
    public static <C extends SdkClient> C apply(Class<C> type, C client, CallTimeouts timeouts) {
        if (client == null || timeouts.perCall().isEmpty()) {
            return client;
        }
        C target = client;
        if (Proxy.isProxyClass(client.getClass()) && Proxy.getInvocationHandler(client) instanceof Handler h) {
            target = type.cast(h.target);
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Handler(target, timeouts)));
    }

    private static final class Handler implements InvocationHandler {
        private final Object target;
        private final CallTimeouts timeouts;

        Handler(Object target, CallTimeouts timeouts) {
            this.target = Objects.requireNonNull(target);
            this.timeouts = timeouts;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "Timed[" + target + ", " + timeouts + "]";
                };
            }
            if (args != null && args.length == 1 && args[0] instanceof AwsRequest request) {
                return call(method, new Object[] {withTimeouts(request)});
            }
            if (method.isDefault() && !method.getName().startsWith("service")) {
                // a consumer-of-builder or no-argument overload, a paginator or the waiter: its default body calls the
                // request-taking method on this view
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            return call(method, args);
        }

        private Object call(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private AwsRequest withTimeouts(AwsRequest request) {
            AwsRequestOverrideConfiguration existing = request.overrideConfiguration().orElse(null);
            AwsRequestOverrideConfiguration.Builder b = existing == null ? AwsRequestOverrideConfiguration.builder()
                    : existing.toBuilder();
            if (existing == null || existing.apiCallAttemptTimeout().isEmpty()) {
                b.apiCallAttemptTimeout(timeouts.perAttempt().orElseThrow());
            }
            if (existing == null || existing.apiCallTimeout().isEmpty()) {
                b.apiCallTimeout(timeouts.perCall().orElseThrow());
            }
            return request.toBuilder().overrideConfiguration(b.build()).build();
        }
    }
}
