package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.core.Activation;
import io.github.hsmkeystore.core.ActivationRequest;
import io.github.hsmkeystore.core.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Activation on hsm-keystore-local (embedded or standalone) through its admin HTTP API: what {@code cluster activate}
 * and {@code user create --role crypto-user} of the CloudHSM CLI do on AWS. Copied from the examples module.
 */
final class BenchActivation implements Activation {
    private final URI endpoint;
    private final Secret adminPassword;
    private final HttpClient http = HttpClient.newHttpClient();

    BenchActivation(URI endpoint, Secret adminPassword) {
        this.endpoint = endpoint;
        this.adminPassword = adminPassword;
    }

    @Override
    public void activate(ActivationRequest request) {
        String base = endpoint + "/_local/cloudhsm/clusters/" + request.clusterId();
        if (!request.clusterActive()) {
            post(base + "/activate", "{\"adminPassword\":" + quote(adminPassword.reveal()) + "}", false);
        }
        post(base + "/users", "{\"username\":" + quote(request.cryptoUserName()) + ",\"role\":\"crypto-user\",\"password\":"
                + quote(request.cryptoUserPassword().reveal()) + "}", true);
    }

    private void post(String url, String body, boolean existingIsFine) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            boolean exists = r.statusCode() == 409 && r.body().contains("already exists");
            if (r.statusCode() != 200 && !(existingIsFine && exists)) {
                throw new IllegalStateException("Emulator activation failed at " + url + ": HTTP " + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach the emulator at " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while activating", e);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public String toString() {
        return "BenchActivation[" + endpoint + "]";
    }
}
