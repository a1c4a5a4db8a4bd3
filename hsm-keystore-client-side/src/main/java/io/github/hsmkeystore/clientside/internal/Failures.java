package io.github.hsmkeystore.clientside.internal;

import io.github.hsmkeystore.clientside.BranchKeyMissingException;
import io.github.hsmkeystore.clientside.ClientSideEncryptionException;
import io.github.hsmkeystore.clientside.KeyStoreDisconnectedException;
import io.github.hsmkeystore.clientside.KmsKeyDisabledException;
import io.github.hsmkeystore.core.KmsKey;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreInvalidStateException;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;

/**
 * Names the failures of DB-ESDK and the material providers that have a known fix (docs/client-side-encryption.md,
 * "Failures"). Their errors nest the KMS exception inside {@code CollectionOfErrors.list()} and
 * {@code OpaqueError.obj()} of several packages, so the whole tree is searched.
 */
public final class Failures {
    private Failures() {
    }

    /**
     * @param e what DB-ESDK, the material providers or the AWS SDK threw
     * @param key the KMS key in use
     * @param doing what was being done, e.g. "put on table products"
     * @return the typed exception to throw; a DynamoDB service error with no known client-side cause (e.g. a failed
     *     condition) is returned as it is, so callers handle it like any DynamoDB error
     */
    public static RuntimeException translate(RuntimeException e, KmsKey key, String doing) {
        if (e instanceof ClientSideEncryptionException typed) {
            return typed;
        }
        List<Throwable> all = flatten(e);
        for (Throwable t : all) {
            // DB-ESDK rethrows the KMS exception re-created from its error model: the class survives, the error code
            // in awsErrorDetails may not, so match on the class first
            if (t instanceof DisabledException || (t instanceof KmsException kms && "DisabledException".equals(code(kms)))) {
                return new KmsKeyDisabledException("Failed " + doing + ": KMS key " + key.arn()
                        + " is disabled (KMS DisabledException). Fix: EnableKey on it, then retry.", e);
            }
            boolean invalidState = t instanceof KmsInvalidStateException
                    || (t instanceof KmsException kms && "KMSInvalidStateException".equals(code(kms)));
            boolean storeState = t instanceof CustomKeyStoreInvalidStateException
                    || (t instanceof KmsException kms && "CustomKeyStoreInvalidStateException".equals(code(kms)));
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (storeState || (invalidState && key.cloudHsmBacked() && !message.contains("pending deletion"))) {
                return new KeyStoreDisconnectedException("Failed " + doing + ": KMS key " + key.arn()
                        + " cannot be used because its custom key store " + key.customKeyStoreId().orElse("(none)")
                        + " is not connected to a usable CloudHSM cluster (KMS " + t.getClass().getSimpleName()
                        + "). Fix: ConnectCustomKeyStore (or provision again), wait for CONNECTED, then retry.", e);
            }
        }
        for (Throwable t : all) {
            String text = (t.getClass().getName() + " " + t.getMessage()).toLowerCase(Locale.ROOT);
            if (text.contains("branch key") && (text.contains("no item") || text.contains("not found")
                    || text.contains("does not exist") || text.contains("no branch key"))) {
                return new BranchKeyMissingException("Failed " + doing + ": the branch key is not in the key store"
                        + " table. Fix: create it with BranchKeyStore.createBranchKey() and configure that id, or"
                        + " check the key store table name.", e);
            }
        }
        if (e instanceof DynamoDbException) {
            return e;
        }
        return new ClientSideEncryptionException("Failed " + doing + ": " + e.getClass().getSimpleName() + ": "
                + e.getMessage(), e);
    }

    private static String code(KmsException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static List<Throwable> flatten(Throwable root) {
        List<Throwable> out = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty() && out.size() < 200) {
            Throwable t = todo.poll();
            if (t == null || seen.put(t, Boolean.TRUE) != null) {
                continue;
            }
            out.add(t);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            for (Throwable s : t.getSuppressed()) {
                todo.add(s);
            }
            Object nested = call(t, "list");
            if (nested instanceof Collection<?> list) {
                for (Object o : list) {
                    if (o instanceof Throwable n) {
                        todo.add(n);
                    }
                }
            }
            if (call(t, "obj") instanceof Throwable n) {
                todo.add(n);
            }
        }
        return out;
    }

    /** The material providers' and DB-ESDK's error types expose nested errors only through these accessors. */
    private static Object call(Throwable t, String accessor) {
        if (!t.getClass().getName().startsWith("software.amazon.cryptography.")) {
            return null;
        }
        try {
            Method m = t.getClass().getMethod(accessor);
            return m.invoke(t);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
