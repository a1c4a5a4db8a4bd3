package io.github.hsmkeystore.testing;

import io.github.hsmkeystore.core.Activation;
import io.github.hsmkeystore.core.ActivationRequest;
import io.github.hsmkeystore.core.KeyStoreStateException;
import io.github.hsmkeystore.core.Secret;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * An {@link Activation} for the {@code hsm-keystore-local} emulator, embedded or standalone: it calls the emulator's
 * admin HTTP API ({@code POST /_local/cloudhsm/clusters/{id}/activate} and {@code .../users}), which does what
 * {@code cluster activate} and {@code user create --role crypto-user} of the CloudHSM CLI do on AWS. It tolerates an
 * already active cluster and an existing crypto user, as {@link Activation} requires. Never use it against AWS.
 *
 * <pre>{@code
 * try (LocalHsmKeyStore local = LocalHsmKeyStore.start()) {
 *     KeyStoreBuilder.cloudHsm(local.cloudHsmClient(), local.kmsClient())
 *             .activation(new LocalEmulatorActivation(local.endpoint(), Secret.of("adminPassword1")))
 *             // ... newCluster, trustAnchor, customKeyStoreName, kmsUserPassword, addKey
 *             .provision();
 * }
 * }</pre>
 *
 * <p>The passwords travel in the request bodies to the loopback endpoint and appear in no message or log.
 */
public final class LocalEmulatorActivation implements Activation {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private final URI endpoint;
    private final Secret adminPassword;

    /**
     * An activation through the emulator at {@code endpoint}.
     *
     * @param endpoint      the emulator's endpoint, e.g. {@code LocalHsmKeyStore.endpoint()} or {@code http://127.0.0.1:4566}
     * @param adminPassword the admin password set when the cluster is activated
     */
    public LocalEmulatorActivation(URI endpoint, Secret adminPassword) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
        this.adminPassword = Objects.requireNonNull(adminPassword, "adminPassword must not be null");
    }

    /**
     * Activates the cluster unless it is active, then creates the crypto user unless it exists.
     *
     * @param request the cluster and the crypto user
     * @throws KeyStoreStateException when the emulator refuses (e.g. an unknown cluster) or cannot be reached
     */
    @Override
    public void activate(ActivationRequest request) {
        String base = endpoint + "/_local/cloudhsm/clusters/" + request.clusterId();
        if (!request.clusterActive()) {
            post(request.clusterId(), base + "/activate", "{\"adminPassword\":" + quote(adminPassword.reveal()) + "}", false);
        }
        post(request.clusterId(), base + "/users", "{\"username\":" + quote(request.cryptoUserName())
                + ",\"role\":\"crypto-user\",\"password\":" + quote(request.cryptoUserPassword().reveal()) + "}", true);
    }

    private void post(String clusterId, String url, String body, boolean existingIsFine) {
        int status;
        String answer;
        try {
            // HttpURLConnection rather than java.net.http.HttpClient: it loads a fraction of the classes, which a cold
            // JVM pays inside provision() (docs/benchmarks.md, "Provisioning cold start")
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
            c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            c.setReadTimeout((int) READ_TIMEOUT.toMillis());
            c.setRequestMethod("POST");
            c.setRequestProperty("Content-Type", "application/json");
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new KeyStoreStateException(clusterId, "Cannot reach the hsm-keystore-local emulator at " + url
                    + " to activate " + clusterId + ": is it running?", e);
        }
        boolean exists = status == 409 && answer.contains("already exists");
        if (status != 200 && !(existingIsFine && exists)) {
            throw new KeyStoreStateException(clusterId, "The emulator refused to activate " + clusterId + " at " + url
                    + ": HTTP " + status + " " + answer, null);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public String toString() {
        return "LocalEmulatorActivation[" + endpoint + "]";
    }
}
