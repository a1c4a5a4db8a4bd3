package io.github.hsmkeystore.core;

/**
 * An {@link Activation} that does nothing itself: it accepts an ACTIVE cluster (kmsuser is assumed to exist) and
 * otherwise fails with the exact CloudHSM CLI commands to run on a host in the cluster's VPC.
 */
public final class RequireActiveActivation implements Activation {

    /** Creates the activation check. */
    public RequireActiveActivation() {
    }

    @Override
    public void activate(ActivationRequest request) {
        if (request.clusterActive()) {
            return;
        }
        throw new KeyStoreStateException(request.clusterId(), "Cluster " + request.clusterId() + " is "
                + request.clusterState() + " and must be activated with the CloudHSM CLI on a host in its VPC "
                + "(TCP 2223-2225 to the HSMs):\n" + commands(request.clusterId()) + "\nThen run provision() again.", null);
    }

    /**
     * The commands that activate a cluster and create kmsuser.
     *
     * @param clusterId the cluster
     * @return the commands, one per line
     */
    public static String commands(String clusterId) {
        return "  1. sudo cp customerCA.crt /opt/cloudhsm/etc/customerCA.crt\n"
                + "  2. sudo /opt/cloudhsm/bin/configure-cli --cluster-id " + clusterId + "\n"
                + "  3. /opt/cloudhsm/bin/cloudhsm-cli interactive\n"
                + "     aws-cloudhsm > cluster activate                (sets the admin password)\n"
                + "     aws-cloudhsm > login --username admin --role admin\n"
                + "     aws-cloudhsm > user create --username kmsuser --role crypto-user   (the kmsUserPassword)\n"
                + "     aws-cloudhsm > quit";
    }

    @Override
    public String toString() {
        return "RequireActiveActivation";
    }
}
