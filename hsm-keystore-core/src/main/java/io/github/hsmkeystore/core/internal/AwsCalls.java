package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.ProvisioningException;
import io.github.hsmkeystore.core.Step;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Runs one AWS call with a DEBUG line, and turns an SDK failure into a {@link ProvisioningException} that says what to do. */
public final class AwsCalls {
    private static final Logger log = LoggerFactory.getLogger(AwsCalls.class);
    private static final Map<String, String> ADVICE = Map.ofEntries(
            Map.entry("CloudHsmClusterInvalidConfigurationException", "KMS needs at least 2 active HSMs in different "
                    + "Availability Zones (1 for connect), private subnets in 2 zones and the cluster security group's "
                    + "2223-2225 rules. Add an HSM or fix the network, then retry."),
            Map.entry("CloudHsmClusterNotActiveException", "The cluster must be ACTIVE (initialised and activated); "
                    + "activate it with the CloudHSM CLI and retry."),
            Map.entry("CloudHsmClusterInUseException", "The cluster (or one sharing its backup history) already backs "
                    + "another custom key store; use that store or another cluster."),
            Map.entry("IncorrectTrustAnchorException", "The trust anchor is not the one the cluster was initialised "
                    + "with; give the customerCA.crt used at InitializeCluster."),
            Map.entry("CustomKeyStoreNameInUseException", "Another custom key store has this name; choose another name."),
            Map.entry("LimitExceededException", "An account quota is reached (10 custom key stores per Region, "
                    + "100,000 keys); delete unused resources or ask for a quota increase."),
            Map.entry("CloudHsmResourceLimitExceededException", "A CloudHSM quota is reached (clusters or HSMs per "
                    + "Region); delete unused resources or ask for a quota increase."),
            Map.entry("CustomKeyStoreHasCMKsException", "The store still holds KMS keys (also those pending deletion); "
                    + "wait until their deletion date, then retry."),
            Map.entry("AccessDeniedException", "The caller lacks a permission; see PolicyDocuments for the policy to attach."),
            Map.entry("CloudHsmAccessDeniedException", "The caller lacks a permission; see PolicyDocuments for the policy to attach."),
            Map.entry("ThrottlingException", "AWS throttled the call; wait and run again."));

    private AwsCalls() {
    }

    /**
     * @param what a description such as "CreateCluster" or "CreateKey for alias/orders"
     */
    public static <T> T call(Step step, String resourceId, String what, Supplier<T> call) {
        log.debug("AWS call {} [step={}, resource={}]", what, step, resourceId);
        try {
            return call.get();
        } catch (SdkException e) {
            throw failure(step, resourceId, what, e);
        }
    }

    public static ProvisioningException failure(Step step, String resourceId, String what, SdkException e) {
        String code = errorCode(e);
        String advice = code == null ? null : ADVICE.get(code);
        if (e instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException
                || e instanceof software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException) {
            advice = "The endpoint did not answer in time; check the endpoint, network and credentials provider, or "
                    + "raise the limits with callTimeouts(CallTimeouts.of(...)), then run again";
        }
        String detail = e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                ? ase.awsErrorDetails().errorMessage() : e.getMessage();
        StringBuilder msg = new StringBuilder(what).append(" failed");
        if (resourceId != null) {
            msg.append(" for ").append(resourceId);
        }
        msg.append(": ").append(code != null ? code + ": " : "").append(detail);
        msg.append(advice != null ? ". " + advice : ". Fix the cause and run again; provisioning resumes where it stopped.");
        return new ProvisioningException(step, resourceId, msg.toString(), e);
    }

    /** The AWS error code of an SDK exception, or null for client-side failures. */
    public static String errorCode(Throwable e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            return ase.awsErrorDetails().errorCode();
        }
        return null;
    }
}
