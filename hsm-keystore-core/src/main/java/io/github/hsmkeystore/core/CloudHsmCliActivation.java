package io.github.hsmkeystore.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Activation} that runs the CloudHSM CLI ({@code cloudhsm-cli}, Client SDK 5) in single-command mode, on a
 * host that reaches the cluster: {@code cluster activate}, then {@code user list} and, when kmsuser is missing,
 * {@code user create --username kmsuser --role crypto-user}.
 *
 * <p>Passwords never appear on a command line (visible in {@code ps}) nor in logs: new passwords are written to the
 * CLI's standard input (entered twice, as the prompts ask), and the admin login uses the CLI's environment variables
 * {@code CLOUDHSM_ROLE} and {@code CLOUDHSM_PIN}. The CLI must already be configured for the cluster
 * ({@code configure-cli}) with {@code customerCA.crt} in place.
 *
 * <pre>{@code
 * Activation cli = CloudHsmCliActivation.builder(Secret.of(adminPassword)).build();
 * }</pre>
 */
public final class CloudHsmCliActivation implements Activation {
    private static final Logger log = LoggerFactory.getLogger(CloudHsmCliActivation.class);
    /** Default location of the CLI on Linux. */
    public static final Path DEFAULT_EXECUTABLE = Path.of("/opt/cloudhsm/bin/cloudhsm-cli");

    private final Secret adminPassword;
    private final List<String> command;
    private final Duration timeout;
    private final boolean passClusterId;

    private CloudHsmCliActivation(Builder b) {
        this.adminPassword = b.adminPassword;
        this.command = List.copyOf(b.command);
        this.timeout = b.timeout;
        this.passClusterId = b.passClusterId;
    }

    /**
     * Returns a builder.
     *
     * @param adminPassword the password {@code cluster activate} sets for {@code admin}, then used to log in
     * @return a builder
     */
    public static Builder builder(Secret adminPassword) {
        return new Builder(Objects.requireNonNull(adminPassword, "adminPassword must not be null"));
    }

    @Override
    public void activate(ActivationRequest request) {
        String id = request.clusterId();
        if (!request.clusterActive()) {
            run(id, List.of("cluster", "activate"), Map.of(), twice(adminPassword));
            log.debug("cloudhsm-cli cluster activate succeeded [clusterId={}]", id);
        }
        Map<String, String> login = Map.of("CLOUDHSM_ROLE", "admin", "CLOUDHSM_PIN", "admin:" + adminPassword.reveal());
        String users = run(id, List.of("user", "list"), login, "");
        if (users.contains("\"" + request.cryptoUserName() + "\"")) {
            log.debug("Crypto user exists [clusterId={}, username={}]", id, request.cryptoUserName());
            return;
        }
        run(id, List.of("user", "create", "--username", request.cryptoUserName(), "--role", "crypto-user"), login,
                twice(request.cryptoUserPassword()));
        log.debug("Created crypto user [clusterId={}, username={}]", id, request.cryptoUserName());
    }

    private static String twice(Secret s) {
        String v = s.reveal();
        return v + "\n" + v + "\n";
    }

    private String run(String clusterId, List<String> subcommand, Map<String, String> env, String stdin) {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(subcommand);
        if (passClusterId) {
            cmd.addAll(List.of("--cluster-id", clusterId));
        }
        String shown = String.join(" ", cmd);
        log.debug("Running {} [clusterId={}]", shown, clusterId);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ProvisioningException(Step.ACTIVATE, clusterId, "Cannot run " + shown + ": " + e.getMessage()
                    + ". Install the CloudHSM CLI (Client SDK 5) on a host in the cluster's VPC, or use RequireActiveActivation "
                    + "and activate by hand.", e);
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()), r -> {
            Thread t = new Thread(r, "cloudhsm-cli-output");
            t.setDaemon(true);
            t.start();
        });
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the CLI may exit without reading its input; its exit code tells what happened
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new ProvisioningException(Step.ACTIVATE, clusterId, shown + " did not finish within " + timeout, null);
            }
            String output = redact(new String(out.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8));
            if (p.exitValue() != 0) {
                throw new ProvisioningException(Step.ACTIVATE, clusterId, shown + " exited with " + p.exitValue() + ": "
                        + output.strip() + ". Check that the CLI is configured for " + clusterId + " and that the admin "
                        + "password is right, then run provision() again.", null);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new ProvisioningException(Step.ACTIVATE, clusterId, "Interrupted while running " + shown, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ProvisioningException(Step.ACTIVATE, clusterId, "Cannot read the output of " + shown, e);
        }
    }

    private String redact(String output) {
        String v = adminPassword.reveal();
        return v.isEmpty() ? output : output.replace(v, "***");
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream buf = new ByteArrayOutputStream()) {
            in.transferTo(buf);
            return buf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "CloudHsmCliActivation[command=" + command + ", adminPassword=***]";
    }

    /** Builds a {@link CloudHsmCliActivation}. */
    public static final class Builder {
        private final Secret adminPassword;
        private List<String> command = List.of(DEFAULT_EXECUTABLE.toString());
        private Duration timeout = Duration.ofMinutes(5);
        private boolean passClusterId = true;

        private Builder(Secret adminPassword) {
            this.adminPassword = adminPassword;
        }

        /**
         * Sets the CLI (default {@code /opt/cloudhsm/bin/cloudhsm-cli}).
         *
         * @param executable the CLI (default {@code /opt/cloudhsm/bin/cloudhsm-cli})
         * @return this builder
         */
        public Builder executable(Path executable) {
            this.command = List.of(Objects.requireNonNull(executable, "executable must not be null").toString());
            return this;
        }

        /**
         * A command prefix instead of one executable, e.g. {@code sudo -u cloudhsm /opt/cloudhsm/bin/cloudhsm-cli}.
         *
         * @param command the program and its first arguments (no secrets)
         * @return this builder
         */
        public Builder command(String... command) {
            if (command.length == 0) {
                throw new IllegalArgumentException("command must name a program");
            }
            this.command = Arrays.asList(command.clone());
            return this;
        }

        /**
         * Sets how long one CLI command may run (default 5 minutes).
         *
         * @param timeout how long one CLI command may run (default 5 minutes)
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
            return this;
        }

        /**
         * Sets whether to add {@code --cluster-id <id>} (multi-cluster CLI configuration; default true).
         *
         * @param passClusterId whether to add {@code --cluster-id <id>} (multi-cluster CLI configuration; default true)
         * @return this builder
         */
        public Builder passClusterId(boolean passClusterId) {
            this.passClusterId = passClusterId;
            return this;
        }

        /**
         * Builds the activation.
         *
         * @return the activation
         */
        public CloudHsmCliActivation build() {
            return new CloudHsmCliActivation(this);
        }
    }
}
