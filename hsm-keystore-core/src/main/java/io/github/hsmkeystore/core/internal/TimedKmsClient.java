package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.CallTimeouts;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsServiceClientConfiguration;
import software.amazon.awssdk.services.kms.model.CancelKeyDeletionRequest;
import software.amazon.awssdk.services.kms.model.CancelKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.ConnectCustomKeyStoreRequest;
import software.amazon.awssdk.services.kms.model.ConnectCustomKeyStoreResponse;
import software.amazon.awssdk.services.kms.model.CreateAliasRequest;
import software.amazon.awssdk.services.kms.model.CreateAliasResponse;
import software.amazon.awssdk.services.kms.model.CreateCustomKeyStoreRequest;
import software.amazon.awssdk.services.kms.model.CreateCustomKeyStoreResponse;
import software.amazon.awssdk.services.kms.model.CreateGrantRequest;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DeleteAliasRequest;
import software.amazon.awssdk.services.kms.model.DeleteAliasResponse;
import software.amazon.awssdk.services.kms.model.DeleteCustomKeyStoreRequest;
import software.amazon.awssdk.services.kms.model.DeleteCustomKeyStoreResponse;
import software.amazon.awssdk.services.kms.model.DeleteImportedKeyMaterialRequest;
import software.amazon.awssdk.services.kms.model.DeleteImportedKeyMaterialResponse;
import software.amazon.awssdk.services.kms.model.DeriveSharedSecretRequest;
import software.amazon.awssdk.services.kms.model.DeriveSharedSecretResponse;
import software.amazon.awssdk.services.kms.model.DescribeCustomKeyStoresRequest;
import software.amazon.awssdk.services.kms.model.DescribeCustomKeyStoresResponse;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.DisableKeyRequest;
import software.amazon.awssdk.services.kms.model.DisableKeyResponse;
import software.amazon.awssdk.services.kms.model.DisableKeyRotationRequest;
import software.amazon.awssdk.services.kms.model.DisableKeyRotationResponse;
import software.amazon.awssdk.services.kms.model.DisconnectCustomKeyStoreRequest;
import software.amazon.awssdk.services.kms.model.DisconnectCustomKeyStoreResponse;
import software.amazon.awssdk.services.kms.model.EnableKeyRequest;
import software.amazon.awssdk.services.kms.model.EnableKeyResponse;
import software.amazon.awssdk.services.kms.model.EnableKeyRotationRequest;
import software.amazon.awssdk.services.kms.model.EnableKeyRotationResponse;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairWithoutPlaintextRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairWithoutPlaintextResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyWithoutPlaintextRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyWithoutPlaintextResponse;
import software.amazon.awssdk.services.kms.model.GenerateMacRequest;
import software.amazon.awssdk.services.kms.model.GenerateMacResponse;
import software.amazon.awssdk.services.kms.model.GenerateRandomRequest;
import software.amazon.awssdk.services.kms.model.GenerateRandomResponse;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusRequest;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.GetParametersForImportRequest;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.GetPublicKeyRequest;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialRequest;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialResponse;
import software.amazon.awssdk.services.kms.model.ListAliasesRequest;
import software.amazon.awssdk.services.kms.model.ListAliasesResponse;
import software.amazon.awssdk.services.kms.model.ListGrantsRequest;
import software.amazon.awssdk.services.kms.model.ListGrantsResponse;
import software.amazon.awssdk.services.kms.model.ListKeyPoliciesRequest;
import software.amazon.awssdk.services.kms.model.ListKeyPoliciesResponse;
import software.amazon.awssdk.services.kms.model.ListKeyRotationsRequest;
import software.amazon.awssdk.services.kms.model.ListKeyRotationsResponse;
import software.amazon.awssdk.services.kms.model.ListKeysRequest;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.ListResourceTagsRequest;
import software.amazon.awssdk.services.kms.model.ListResourceTagsResponse;
import software.amazon.awssdk.services.kms.model.ListRetirableGrantsRequest;
import software.amazon.awssdk.services.kms.model.ListRetirableGrantsResponse;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.ReEncryptRequest;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;
import software.amazon.awssdk.services.kms.model.ReplicateKeyRequest;
import software.amazon.awssdk.services.kms.model.ReplicateKeyResponse;
import software.amazon.awssdk.services.kms.model.RetireGrantRequest;
import software.amazon.awssdk.services.kms.model.RetireGrantResponse;
import software.amazon.awssdk.services.kms.model.RevokeGrantRequest;
import software.amazon.awssdk.services.kms.model.RevokeGrantResponse;
import software.amazon.awssdk.services.kms.model.RotateKeyOnDemandRequest;
import software.amazon.awssdk.services.kms.model.RotateKeyOnDemandResponse;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionRequest;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.SignRequest;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.TagResourceRequest;
import software.amazon.awssdk.services.kms.model.TagResourceResponse;
import software.amazon.awssdk.services.kms.model.UntagResourceRequest;
import software.amazon.awssdk.services.kms.model.UntagResourceResponse;
import software.amazon.awssdk.services.kms.model.UpdateAliasRequest;
import software.amazon.awssdk.services.kms.model.UpdateAliasResponse;
import software.amazon.awssdk.services.kms.model.UpdateCustomKeyStoreRequest;
import software.amazon.awssdk.services.kms.model.UpdateCustomKeyStoreResponse;
import software.amazon.awssdk.services.kms.model.UpdateKeyDescriptionRequest;
import software.amazon.awssdk.services.kms.model.UpdateKeyDescriptionResponse;
import software.amazon.awssdk.services.kms.model.UpdatePrimaryRegionRequest;
import software.amazon.awssdk.services.kms.model.UpdatePrimaryRegionResponse;
import software.amazon.awssdk.services.kms.model.VerifyMacRequest;
import software.amazon.awssdk.services.kms.model.VerifyMacResponse;
import software.amazon.awssdk.services.kms.model.VerifyRequest;
import software.amazon.awssdk.services.kms.model.VerifyResponse;

/**
 * The KMS client view of {@link TimedClients}: every operation puts the {@link CallTimeouts} on its request
 * and delegates to the caller's client; the consumer-of-builder overloads and the paginators are the interface's
 * default methods, which call these. A plain class, not a {@link java.lang.reflect.Proxy}: a proxy of the client
 * interface loads every model class of the service when it is made (about a second in a cold JVM), this loads
 * only the classes of the operations called. One method per operation of the SDK version we build with.
 */
final class TimedKmsClient extends TimedView<KmsClient> implements KmsClient {
    TimedKmsClient(KmsClient target, TimedClients.Timeouts timeouts) {
        super(target, timeouts);
    }

    @Override
    public KmsServiceClientConfiguration serviceClientConfiguration() {
        return target.serviceClientConfiguration();
    }

    @Override
    public CancelKeyDeletionResponse cancelKeyDeletion(CancelKeyDeletionRequest request) {
        return target.cancelKeyDeletion(timeouts.on(request));
    }

    @Override
    public ConnectCustomKeyStoreResponse connectCustomKeyStore(ConnectCustomKeyStoreRequest request) {
        return target.connectCustomKeyStore(timeouts.on(request));
    }

    @Override
    public CreateAliasResponse createAlias(CreateAliasRequest request) {
        return target.createAlias(timeouts.on(request));
    }

    @Override
    public CreateCustomKeyStoreResponse createCustomKeyStore(CreateCustomKeyStoreRequest request) {
        return target.createCustomKeyStore(timeouts.on(request));
    }

    @Override
    public CreateGrantResponse createGrant(CreateGrantRequest request) {
        return target.createGrant(timeouts.on(request));
    }

    @Override
    public CreateKeyResponse createKey(CreateKeyRequest request) {
        return target.createKey(timeouts.on(request));
    }

    @Override
    public DecryptResponse decrypt(DecryptRequest request) {
        return target.decrypt(timeouts.on(request));
    }

    @Override
    public DeleteAliasResponse deleteAlias(DeleteAliasRequest request) {
        return target.deleteAlias(timeouts.on(request));
    }

    @Override
    public DeleteCustomKeyStoreResponse deleteCustomKeyStore(DeleteCustomKeyStoreRequest request) {
        return target.deleteCustomKeyStore(timeouts.on(request));
    }

    @Override
    public DeleteImportedKeyMaterialResponse deleteImportedKeyMaterial(DeleteImportedKeyMaterialRequest request) {
        return target.deleteImportedKeyMaterial(timeouts.on(request));
    }

    @Override
    public DeriveSharedSecretResponse deriveSharedSecret(DeriveSharedSecretRequest request) {
        return target.deriveSharedSecret(timeouts.on(request));
    }

    @Override
    public DescribeCustomKeyStoresResponse describeCustomKeyStores(DescribeCustomKeyStoresRequest request) {
        return target.describeCustomKeyStores(timeouts.on(request));
    }

    @Override
    public DescribeKeyResponse describeKey(DescribeKeyRequest request) {
        return target.describeKey(timeouts.on(request));
    }

    @Override
    public DisableKeyResponse disableKey(DisableKeyRequest request) {
        return target.disableKey(timeouts.on(request));
    }

    @Override
    public DisableKeyRotationResponse disableKeyRotation(DisableKeyRotationRequest request) {
        return target.disableKeyRotation(timeouts.on(request));
    }

    @Override
    public DisconnectCustomKeyStoreResponse disconnectCustomKeyStore(DisconnectCustomKeyStoreRequest request) {
        return target.disconnectCustomKeyStore(timeouts.on(request));
    }

    @Override
    public EnableKeyResponse enableKey(EnableKeyRequest request) {
        return target.enableKey(timeouts.on(request));
    }

    @Override
    public EnableKeyRotationResponse enableKeyRotation(EnableKeyRotationRequest request) {
        return target.enableKeyRotation(timeouts.on(request));
    }

    @Override
    public EncryptResponse encrypt(EncryptRequest request) {
        return target.encrypt(timeouts.on(request));
    }

    @Override
    public GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
        return target.generateDataKey(timeouts.on(request));
    }

    @Override
    public GenerateDataKeyPairResponse generateDataKeyPair(GenerateDataKeyPairRequest request) {
        return target.generateDataKeyPair(timeouts.on(request));
    }

    @Override
    public GenerateDataKeyPairWithoutPlaintextResponse generateDataKeyPairWithoutPlaintext(GenerateDataKeyPairWithoutPlaintextRequest request) {
        return target.generateDataKeyPairWithoutPlaintext(timeouts.on(request));
    }

    @Override
    public GenerateDataKeyWithoutPlaintextResponse generateDataKeyWithoutPlaintext(GenerateDataKeyWithoutPlaintextRequest request) {
        return target.generateDataKeyWithoutPlaintext(timeouts.on(request));
    }

    @Override
    public GenerateMacResponse generateMac(GenerateMacRequest request) {
        return target.generateMac(timeouts.on(request));
    }

    @Override
    public GenerateRandomResponse generateRandom(GenerateRandomRequest request) {
        return target.generateRandom(timeouts.on(request));
    }

    @Override
    public GetKeyPolicyResponse getKeyPolicy(GetKeyPolicyRequest request) {
        return target.getKeyPolicy(timeouts.on(request));
    }

    @Override
    public GetKeyRotationStatusResponse getKeyRotationStatus(GetKeyRotationStatusRequest request) {
        return target.getKeyRotationStatus(timeouts.on(request));
    }

    @Override
    public GetParametersForImportResponse getParametersForImport(GetParametersForImportRequest request) {
        return target.getParametersForImport(timeouts.on(request));
    }

    @Override
    public GetPublicKeyResponse getPublicKey(GetPublicKeyRequest request) {
        return target.getPublicKey(timeouts.on(request));
    }

    @Override
    public ImportKeyMaterialResponse importKeyMaterial(ImportKeyMaterialRequest request) {
        return target.importKeyMaterial(timeouts.on(request));
    }

    @Override
    public ListAliasesResponse listAliases(ListAliasesRequest request) {
        return target.listAliases(timeouts.on(request));
    }

    @Override
    public ListGrantsResponse listGrants(ListGrantsRequest request) {
        return target.listGrants(timeouts.on(request));
    }

    @Override
    public ListKeyPoliciesResponse listKeyPolicies(ListKeyPoliciesRequest request) {
        return target.listKeyPolicies(timeouts.on(request));
    }

    @Override
    public ListKeyRotationsResponse listKeyRotations(ListKeyRotationsRequest request) {
        return target.listKeyRotations(timeouts.on(request));
    }

    @Override
    public ListKeysResponse listKeys(ListKeysRequest request) {
        return target.listKeys(timeouts.on(request));
    }

    @Override
    public ListResourceTagsResponse listResourceTags(ListResourceTagsRequest request) {
        return target.listResourceTags(timeouts.on(request));
    }

    @Override
    public ListRetirableGrantsResponse listRetirableGrants(ListRetirableGrantsRequest request) {
        return target.listRetirableGrants(timeouts.on(request));
    }

    @Override
    public PutKeyPolicyResponse putKeyPolicy(PutKeyPolicyRequest request) {
        return target.putKeyPolicy(timeouts.on(request));
    }

    @Override
    public ReEncryptResponse reEncrypt(ReEncryptRequest request) {
        return target.reEncrypt(timeouts.on(request));
    }

    @Override
    public ReplicateKeyResponse replicateKey(ReplicateKeyRequest request) {
        return target.replicateKey(timeouts.on(request));
    }

    @Override
    public RetireGrantResponse retireGrant(RetireGrantRequest request) {
        return target.retireGrant(timeouts.on(request));
    }

    @Override
    public RevokeGrantResponse revokeGrant(RevokeGrantRequest request) {
        return target.revokeGrant(timeouts.on(request));
    }

    @Override
    public RotateKeyOnDemandResponse rotateKeyOnDemand(RotateKeyOnDemandRequest request) {
        return target.rotateKeyOnDemand(timeouts.on(request));
    }

    @Override
    public ScheduleKeyDeletionResponse scheduleKeyDeletion(ScheduleKeyDeletionRequest request) {
        return target.scheduleKeyDeletion(timeouts.on(request));
    }

    @Override
    public SignResponse sign(SignRequest request) {
        return target.sign(timeouts.on(request));
    }

    @Override
    public TagResourceResponse tagResource(TagResourceRequest request) {
        return target.tagResource(timeouts.on(request));
    }

    @Override
    public UntagResourceResponse untagResource(UntagResourceRequest request) {
        return target.untagResource(timeouts.on(request));
    }

    @Override
    public UpdateAliasResponse updateAlias(UpdateAliasRequest request) {
        return target.updateAlias(timeouts.on(request));
    }

    @Override
    public UpdateCustomKeyStoreResponse updateCustomKeyStore(UpdateCustomKeyStoreRequest request) {
        return target.updateCustomKeyStore(timeouts.on(request));
    }

    @Override
    public UpdateKeyDescriptionResponse updateKeyDescription(UpdateKeyDescriptionRequest request) {
        return target.updateKeyDescription(timeouts.on(request));
    }

    @Override
    public UpdatePrimaryRegionResponse updatePrimaryRegion(UpdatePrimaryRegionRequest request) {
        return target.updatePrimaryRegion(timeouts.on(request));
    }

    @Override
    public VerifyResponse verify(VerifyRequest request) {
        return target.verify(timeouts.on(request));
    }

    @Override
    public VerifyMacResponse verifyMac(VerifyMacRequest request) {
        return target.verifyMac(timeouts.on(request));
    }
}
