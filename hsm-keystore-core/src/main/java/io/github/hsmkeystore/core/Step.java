package io.github.hsmkeystore.core;

/** The steps of provisioning, teardown and health checks, in the order {@code provision()} runs them. */
public enum Step {
    /** Find the cluster (by id, or by the {@code hsm-keystore:name} tag) or create it. */
    CLUSTER,
    /** The first HSM, created alone while the cluster is UNINITIALIZED; it produces the cluster CSR. */
    FIRST_HSM,
    /** Sign the cluster CSR with the trust anchor and call InitializeCluster. */
    INITIALIZE,
    /** Set the admin password and create the kmsuser crypto user (the CloudHSM CLI on AWS). */
    ACTIVATE,
    /** The remaining HSMs, each in another Availability Zone. */
    ADDITIONAL_HSMS,
    /** Create the custom key store, or reuse the one with the same name on the same cluster. */
    KEY_STORE,
    /** Connect the custom key store and wait for CONNECTED. */
    CONNECT,
    /** Create or reuse the KMS keys, found by alias. */
    KEYS,
    /** Create the aliases of new keys. */
    ALIASES,
    /** Automatic rotation of standard KMS keys (never for CloudHSM key store keys). */
    ROTATION,
    /** Teardown: schedule deletion of the keys. */
    SCHEDULE_KEY_DELETION,
    /** Teardown: disconnect the custom key store. */
    DISCONNECT,
    /** Teardown: delete the custom key store. */
    DELETE_KEY_STORE,
    /** Teardown: delete the HSMs of the cluster. */
    DELETE_HSMS,
    /** Teardown: delete the cluster. */
    DELETE_CLUSTER,
    /** A health check read. */
    HEALTH,
    /** Create, reuse or verify a DynamoDB table encrypted with a KMS key. */
    TABLE,
    /** Switch a table to another KMS key. */
    TABLE_KEY
}
