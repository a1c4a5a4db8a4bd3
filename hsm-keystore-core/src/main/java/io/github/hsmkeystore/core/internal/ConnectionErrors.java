package io.github.hsmkeystore.core.internal;

import java.util.Map;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;

/** The fix for each ConnectionErrorCode of a CloudHSM key store (aws-semantics 2.4, KMS guide "fix-keystore"). */
public final class ConnectionErrors {
    private static final Map<ConnectionErrorCodeType, String> FIX = Map.ofEntries(
            Map.entry(ConnectionErrorCodeType.CLUSTER_NOT_FOUND, "No cluster has the store's cluster id (wrong id or "
                    + "cluster deleted): create a cluster from a backup of the original, then UpdateCustomKeyStore with "
                    + "the new cluster id and connect again."),
            Map.entry(ConnectionErrorCodeType.INSUFFICIENT_CLOUDHSM_HSMS, "The cluster has no active HSM (connect needs "
                    + "at least 1, creating keys 2 in different Availability Zones): CreateHsm, wait until ACTIVE, connect again."),
            Map.entry(ConnectionErrorCodeType.INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET, "A private subnet of the cluster has "
                    + "no free IP address (KMS needs 1 per subnet, 2 preferred): free addresses, or create a cluster from "
                    + "backup with other subnets, then connect again."),
            Map.entry(ConnectionErrorCodeType.INVALID_CREDENTIALS, "The key store password is not the kmsuser password "
                    + "in the cluster: set the kmsuser password in the cluster (CloudHSM CLI user change-password), "
                    + "UpdateCustomKeyStore with the same KeyStorePassword, connect again."),
            Map.entry(ConnectionErrorCodeType.USER_LOCKED_OUT, "kmsuser is locked out after too many failed logins: "
                    + "change its password in the cluster (CloudHSM CLI), UpdateCustomKeyStore with it, connect again."),
            Map.entry(ConnectionErrorCodeType.USER_LOGGED_IN, "kmsuser is logged in to the cluster from elsewhere, so KMS "
                    + "cannot log in: log kmsuser out of every CloudHSM CLI session (update the store password if you "
                    + "changed it), connect again."),
            Map.entry(ConnectionErrorCodeType.USER_NOT_FOUND, "The cluster has no kmsuser crypto user: create it "
                    + "(CloudHSM CLI: user create --username kmsuser --role crypto-user), update the store password, "
                    + "connect again."),
            Map.entry(ConnectionErrorCodeType.SUBNET_NOT_FOUND, "A subnet of the cluster was deleted: create a cluster "
                    + "from backup with existing subnets, UpdateCustomKeyStore with its id, connect again."),
            Map.entry(ConnectionErrorCodeType.NETWORK_ERRORS, "KMS cannot reach the cluster: check the cluster security "
                    + "group (self-referencing TCP 2223-2225 inbound and outbound), network ACLs and routes, connect again."),
            Map.entry(ConnectionErrorCodeType.INTERNAL_ERROR, "KMS had an internal error: connect again (the store was "
                    + "disconnected first, as KMS requires)."));

    private ConnectionErrors() {
    }

    public static String fix(ConnectionErrorCodeType code) {
        String fix = code == null ? null : FIX.get(code);
        return fix != null ? fix : "See the AWS KMS guide \"Troubleshooting a custom key store\" for " + code
                + "; then connect again.";
    }
}
