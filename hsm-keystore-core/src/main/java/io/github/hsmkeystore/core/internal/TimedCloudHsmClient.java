package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.CallTimeouts;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2ServiceClientConfiguration;
import software.amazon.awssdk.services.cloudhsmv2.model.CopyBackupToRegionRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.CopyBackupToRegionResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.CreateClusterRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.CreateClusterResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.CreateHsmRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.CreateHsmResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.DeleteBackupRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.DeleteBackupResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.DeleteClusterRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.DeleteClusterResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.DeleteHsmRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.DeleteHsmResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.DeleteResourcePolicyRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.DeleteResourcePolicyResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.DescribeBackupsRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.DescribeBackupsResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.DescribeClustersRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.DescribeClustersResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.GetResourcePolicyRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.GetResourcePolicyResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.InitializeClusterRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.InitializeClusterResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.ListTagsRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.ListTagsResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.ModifyBackupAttributesRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.ModifyBackupAttributesResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.ModifyClusterRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.ModifyClusterResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.PutResourcePolicyRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.PutResourcePolicyResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.RestoreBackupRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.RestoreBackupResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.TagResourceRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.TagResourceResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.UntagResourceRequest;
import software.amazon.awssdk.services.cloudhsmv2.model.UntagResourceResponse;

/**
 * The CloudHSMv2 client view of {@link TimedClients}: every operation puts the {@link CallTimeouts} on its request
 * and delegates to the caller's client; the consumer-of-builder overloads and the paginators are the interface's
 * default methods, which call these. A plain class, not a {@link java.lang.reflect.Proxy}: a proxy of the client
 * interface loads every model class of the service when it is made (about a second in a cold JVM), this loads
 * only the classes of the operations called. One method per operation of the SDK version we build with.
 */
final class TimedCloudHsmClient extends TimedView<CloudHsmV2Client> implements CloudHsmV2Client {
    TimedCloudHsmClient(CloudHsmV2Client target, TimedClients.Timeouts timeouts) {
        super(target, timeouts);
    }

    @Override
    public CloudHsmV2ServiceClientConfiguration serviceClientConfiguration() {
        return target.serviceClientConfiguration();
    }

    @Override
    public CopyBackupToRegionResponse copyBackupToRegion(CopyBackupToRegionRequest request) {
        return target.copyBackupToRegion(timeouts.on(request));
    }

    @Override
    public CreateClusterResponse createCluster(CreateClusterRequest request) {
        return target.createCluster(timeouts.on(request));
    }

    @Override
    public CreateHsmResponse createHsm(CreateHsmRequest request) {
        return target.createHsm(timeouts.on(request));
    }

    @Override
    public DeleteBackupResponse deleteBackup(DeleteBackupRequest request) {
        return target.deleteBackup(timeouts.on(request));
    }

    @Override
    public DeleteClusterResponse deleteCluster(DeleteClusterRequest request) {
        return target.deleteCluster(timeouts.on(request));
    }

    @Override
    public DeleteHsmResponse deleteHsm(DeleteHsmRequest request) {
        return target.deleteHsm(timeouts.on(request));
    }

    @Override
    public DeleteResourcePolicyResponse deleteResourcePolicy(DeleteResourcePolicyRequest request) {
        return target.deleteResourcePolicy(timeouts.on(request));
    }

    @Override
    public DescribeBackupsResponse describeBackups(DescribeBackupsRequest request) {
        return target.describeBackups(timeouts.on(request));
    }

    @Override
    public DescribeClustersResponse describeClusters(DescribeClustersRequest request) {
        return target.describeClusters(timeouts.on(request));
    }

    @Override
    public GetResourcePolicyResponse getResourcePolicy(GetResourcePolicyRequest request) {
        return target.getResourcePolicy(timeouts.on(request));
    }

    @Override
    public InitializeClusterResponse initializeCluster(InitializeClusterRequest request) {
        return target.initializeCluster(timeouts.on(request));
    }

    @Override
    public ListTagsResponse listTags(ListTagsRequest request) {
        return target.listTags(timeouts.on(request));
    }

    @Override
    public ModifyBackupAttributesResponse modifyBackupAttributes(ModifyBackupAttributesRequest request) {
        return target.modifyBackupAttributes(timeouts.on(request));
    }

    @Override
    public ModifyClusterResponse modifyCluster(ModifyClusterRequest request) {
        return target.modifyCluster(timeouts.on(request));
    }

    @Override
    public PutResourcePolicyResponse putResourcePolicy(PutResourcePolicyRequest request) {
        return target.putResourcePolicy(timeouts.on(request));
    }

    @Override
    public RestoreBackupResponse restoreBackup(RestoreBackupRequest request) {
        return target.restoreBackup(timeouts.on(request));
    }

    @Override
    public TagResourceResponse tagResource(TagResourceRequest request) {
        return target.tagResource(timeouts.on(request));
    }

    @Override
    public UntagResourceResponse untagResource(UntagResourceRequest request) {
        return target.untagResource(timeouts.on(request));
    }
}
