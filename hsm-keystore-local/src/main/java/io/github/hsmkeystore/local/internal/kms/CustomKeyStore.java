package io.github.hsmkeystore.local.internal.kms;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * One AWS_CLOUDHSM custom key store and its connection state machine (aws-semantics 2.3). Transitions that AWS
 * performs asynchronously (CONNECTING, DISCONNECTING) carry a due instant and are settled lazily. Also counts the
 * store's cryptographic requests for the 1,800 requests/s quota. Guarded by the scope's lock.
 */
final class CustomKeyStore {
    static final int REQUESTS_PER_SECOND = 1_800;

    final String id;
    final Instant created;
    String name;
    String clusterId;
    String trustAnchorPem;
    /** The backup history of the store's cluster, kept so relatedness can be checked after that cluster is deleted. */
    String backupLineage;
    /** The kmsuser password as KMS knows it; replaced by a KMS-only value on every successful connect. */
    char[] password;
    String connectionState = "DISCONNECTED";
    String connectionErrorCode;
    Instant transitionDue;
    /** A ConnectionErrorCode the next connection attempt ends with (emulator fault). */
    String injectedConnectFailure;
    /** Whether KMS holds a kmsuser session in the cluster (logged in at connect, out at disconnect). */
    boolean loggedIn;
    private final Deque<Instant> recentRequests = new ArrayDeque<>();

    CustomKeyStore(String id, String name, String clusterId, String trustAnchorPem, char[] password, Instant created) {
        this.id = id;
        this.name = name;
        this.clusterId = clusterId;
        this.trustAnchorPem = trustAnchorPem;
        this.password = password.clone();
        this.created = created;
    }

    boolean isConnected() {
        return connectionState.equals("CONNECTED");
    }

    void setPassword(char[] newPassword) {
        Arrays.fill(password, '\0');
        password = newPassword.clone();
    }

    /** Records one cryptographic request; false when the store already served its quota in the last second. */
    boolean admitRequest(Instant now) {
        Instant windowStart = now.minus(Duration.ofSeconds(1));
        while (!recentRequests.isEmpty() && !recentRequests.peekFirst().isAfter(windowStart)) {
            recentRequests.removeFirst();
        }
        if (recentRequests.size() >= REQUESTS_PER_SECOND) {
            return false;
        }
        recentRequests.addLast(now);
        return true;
    }
}
