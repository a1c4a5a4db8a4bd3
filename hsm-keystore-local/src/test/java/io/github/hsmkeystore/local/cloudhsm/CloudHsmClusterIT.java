package io.github.hsmkeystore.local.cloudhsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalAdminException;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import io.github.hsmkeystore.local.testing.ClusterFixture;
import io.github.hsmkeystore.local.testing.TestCa;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.cloudhsmv2.model.Cluster;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterMode;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;
import software.amazon.awssdk.services.cloudhsmv2.model.DescribeClustersResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.HsmState;
import software.amazon.awssdk.services.cloudhsmv2.model.InitializeClusterResponse;
import software.amazon.awssdk.services.cloudhsmv2.model.Tag;

/** CloudHSMv2 control plane, aws-semantics.md sections 4.1-4.3, driven through the AWS SDK for Java v2. */
class CloudHsmClusterIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    private CloudHsmV2Client hsm;
    private ClusterFixture fixture;
    private String az1;
    private String az2;

    @BeforeEach
    void setUp() {
        hsm = local.local().cloudHsmClient();
        fixture = new ClusterFixture(local.local());
        az1 = local.local().region().id() + "a";
        az2 = local.local().region().id() + "b";
    }

    static void assertAdminError(ThrowingCallable call, String code, String messageFragment) {
        assertThatThrownBy(call)
                .isInstanceOf(LocalAdminException.class)
                .satisfies(e -> assertThat(((LocalAdminException) e).errorCode()).isEqualTo(code))
                .hasMessageContaining(messageFragment);
    }

    static void assertAwsError(ThrowingCallable call, String code, String messageFragment) {
        assertThatThrownBy(call)
                .isInstanceOf(AwsServiceException.class)
                .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode()).isEqualTo(code))
                .hasMessageContaining(messageFragment);
    }

    // ---- 4.1 / 4.2 CreateCluster ----

    @Test
    void createCluster_returnsCreateInProgressWithoutCertificatesOrHsms_thenUninitialized() {
        Cluster created = hsm.createCluster(r -> r.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d", "subnet-4e5f6a7b")).cluster();
        assertThat(created.state()).isEqualTo(ClusterState.CREATE_IN_PROGRESS);
        assertThat(created.hsms()).isEmpty();
        assertThat(created.certificates().clusterCsr()).isNull();
        assertThat(created.clusterId()).matches("cluster-[2-7a-zA-Z]{11,16}");
        assertThat(created.securityGroup()).startsWith("sg-");
        assertThat(created.mode()).isEqualTo(ClusterMode.FIPS);
        fixture.awaitCluster(created.clusterId(), c -> c.state() == ClusterState.UNINITIALIZED);
    }

    @Test
    void createCluster_nthSubnetLiesInNthAvailabilityZone() {
        Cluster created = hsm.createCluster(r -> r.hsmType("hsm2m.medium")
                .subnetIds("subnet-0a1b2c3d", "subnet-4e5f6a7b", "subnet-11112222")).cluster();
        assertThat(created.subnetMapping()).hasSize(3).containsEntry(az1, "subnet-0a1b2c3d")
                .containsEntry(az2, "subnet-4e5f6a7b")
                .containsEntry(local.local().region().id() + "c", "subnet-11112222");
    }

    @Test
    void createCluster_withUnsupportedHsmType_isInvalidRequest() {
        assertAwsError(() -> hsm.createCluster(r -> r.hsmType("hsm9.huge").subnetIds("subnet-0a1b2c3d")),
                "CloudHsmInvalidRequestException", "hsm9.huge");
    }

    @Test
    void createCluster_withMalformedSubnet_isInvalidRequestAndCreatesNothing() {
        int before = hsm.describeClusters().clusters().size();
        assertAwsError(() -> hsm.createCluster(r -> r.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d", "sub-nope")),
                "CloudHsmInvalidRequestException", "sub-nope");
        assertThat(hsm.describeClusters().clusters()).hasSize(before);
    }

    @Test
    void createCluster_hsm1MediumInNonFipsMode_isInvalidRequest() {
        assertAwsError(() -> hsm.createCluster(r -> r.hsmType("hsm1.medium").mode(ClusterMode.NON_FIPS).subnetIds("subnet-0a1b2c3d")),
                "CloudHsmInvalidRequestException", "FIPS");
    }

    @Test
    void createCluster_withReservedTagKey_isTagException() {
        assertAwsError(() -> hsm.createCluster(r -> r.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d")
                .tagList(Tag.builder().key("aws:owner").value("x").build())), "CloudHsmTagException", "aws:");
    }

    // ---- DescribeClusters ----

    @Test
    void describeClusters_filtersByIdAndStateAndPaginates() {
        String a = fixture.createCluster();
        String b = fixture.createCluster();
        assertThat(hsm.describeClusters(r -> r.filters(Map.of("clusterIds", List.of(a)))).clusters())
                .extracting(Cluster::clusterId).containsExactly(a);
        assertThat(hsm.describeClusters(r -> r.filters(Map.of("states", List.of("UNINITIALIZED")))).clusters())
                .extracting(Cluster::clusterId).contains(a, b);
        DescribeClustersResponse page1 = hsm.describeClusters(r -> r.maxResults(1).filters(Map.of("clusterIds", List.of(a, b))));
        assertThat(page1.clusters()).hasSize(1);
        assertThat(page1.nextToken()).isNotNull();
        DescribeClustersResponse page2 = hsm.describeClusters(r -> r.maxResults(1).nextToken(page1.nextToken())
                .filters(Map.of("clusterIds", List.of(a, b))));
        assertThat(page2.clusters()).hasSize(1);
        assertThat(page2.nextToken()).isNull();
        assertThat(List.of(page1.clusters().get(0).clusterId(), page2.clusters().get(0).clusterId())).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void describeClusters_withUnknownFilter_isInvalidRequest() {
        assertAwsError(() -> hsm.describeClusters(r -> r.filters(Map.of("colour", List.of("blue")))),
                "CloudHsmInvalidRequestException", "colour");
    }

    @Test
    void describeClusters_maxResultsAbove25_isValidationError() {
        assertAwsError(() -> hsm.describeClusters(r -> r.maxResults(26)), "ValidationException", "25");
    }

    @Test
    void stateIsKeptPerRegion_fromTheSigV4CredentialScope() {
        String id = fixture.createCluster();
        try (CloudHsmV2Client euWest = local.local().configure(CloudHsmV2Client.builder()).region(Region.EU_WEST_1).build()) {
            assertThat(euWest.describeClusters().clusters()).extracting(Cluster::clusterId).doesNotContain(id);
            Cluster eu = euWest.createCluster(r -> r.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d")).cluster();
            assertThat(eu.subnetMapping()).containsKey("eu-west-1a");
        }
    }

    // ---- HSMs ----

    @Test
    void createHsm_beforeClusterIsUninitialized_isInvalidRequest() {
        String id = hsm.createCluster(r -> r.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d")).cluster().clusterId();
        assertAwsError(() -> hsm.createHsm(r -> r.clusterId(id).availabilityZone(az1)),
                "CloudHsmInvalidRequestException", "CREATE_IN_PROGRESS");
    }

    @Test
    void createHsm_inZoneWithoutClusterSubnet_isInvalidRequest() {
        String id = fixture.createCluster();
        String az3 = local.local().region().id() + "c";
        assertAwsError(() -> hsm.createHsm(r -> r.clusterId(id).availabilityZone(az3)),
                "CloudHsmInvalidRequestException", az3);
    }

    @Test
    void createHsm_inUnknownCluster_isResourceNotFound() {
        assertAwsError(() -> hsm.createHsm(r -> r.clusterId("cluster-aaaaaaaaaaa").availabilityZone(az1)),
                "CloudHsmResourceNotFoundException", "cluster-aaaaaaaaaaa");
    }

    @Test
    void firstHsm_goesCreateInProgressToActive_andClusterCsrAppearsOnlyWhileUninitialized() {
        String id = fixture.createCluster();
        var created = hsm.createHsm(r -> r.clusterId(id).availabilityZone(az1)).hsm();
        assertThat(created.state()).isEqualTo(HsmState.CREATE_IN_PROGRESS);
        assertThat(created.hsmId()).matches("hsm-[2-7a-zA-Z]{11,16}");
        assertThat(created.eniId()).startsWith("eni-");
        Cluster withCsr = fixture.awaitCluster(id, c -> c.certificates().clusterCsr() != null);
        assertThat(withCsr.hsms().get(0).state()).isEqualTo(HsmState.ACTIVE);
        assertThat(withCsr.certificates().clusterCsr()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        fixture.initialize(id);
        assertThat(fixture.describe(id).certificates().clusterCsr()).isNull();
        assertThat(fixture.describe(id).certificates().clusterCertificate()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void deleteHsm_requiresExactlyOneIdentifier() {
        String id = fixture.createCluster();
        String hsmId = fixture.createHsm(id, az1);
        assertAwsError(() -> hsm.deleteHsm(r -> r.clusterId(id)), "CloudHsmInvalidRequestException", "exactly one");
        String eniId = fixture.describe(id).hsms().get(0).eniId();
        assertAwsError(() -> hsm.deleteHsm(r -> r.clusterId(id).hsmId(hsmId).eniId(eniId)),
                "CloudHsmInvalidRequestException", "exactly one");
    }

    @Test
    void deleteHsm_byEniIp_goesDeleteInProgressThenDisappears() {
        String id = fixture.createCluster();
        String hsmId = fixture.createHsm(id, az1);
        String ip = fixture.describe(id).hsms().get(0).eniIp();
        assertThat(hsm.deleteHsm(r -> r.clusterId(id).eniIp(ip)).hsmId()).isEqualTo(hsmId);
        assertThat(fixture.describe(id).hsms()).singleElement()
                .satisfies(h -> assertThat(h.state()).isEqualTo(HsmState.DELETE_IN_PROGRESS));
        fixture.awaitCluster(id, c -> c.hsms().isEmpty());
    }

    @Test
    void createHsm_beyond28InACluster_isLimitExceeded() {
        String id = fixture.createCluster();
        for (int i = 0; i < 28; i++) {
            String zone = i % 2 == 0 ? az1 : az2;
            hsm.createHsm(r -> r.clusterId(id).availabilityZone(zone));
        }
        assertAwsError(() -> hsm.createHsm(r -> r.clusterId(id).availabilityZone(az1)),
                "CloudHsmResourceLimitExceededException", "28");
    }

    // ---- 4.3 InitializeCluster ----

    @Test
    void initializeCluster_withCsrSignedByTrustAnchor_goesInitializeInProgressThenInitialized() {
        String id = fixture.createCluster();
        fixture.createHsm(id, az1);
        TestCa ca = fixture.ca();
        String csr = fixture.describe(id).certificates().clusterCsr();
        InitializeClusterResponse r = hsm.initializeCluster(b -> b.clusterId(id).signedCert(ca.sign(csr)).trustAnchor(ca.certificatePem()));
        assertThat(r.state()).isEqualTo(ClusterState.INITIALIZE_IN_PROGRESS);
        assertThat(r.stateMessage()).contains("INITIALIZED");
        fixture.awaitCluster(id, c -> c.state() == ClusterState.INITIALIZED);
    }

    @Test
    void initializeCluster_certSignedByAnotherCa_isInvalidRequestAndStaysUninitialized() {
        String id = fixture.createCluster();
        fixture.createHsm(id, az1);
        TestCa other = TestCa.create("someone-else");
        String csr = fixture.describe(id).certificates().clusterCsr();
        assertAwsError(() -> hsm.initializeCluster(b -> b.clusterId(id).signedCert(other.sign(csr))
                .trustAnchor(fixture.ca().certificatePem())), "CloudHsmInvalidRequestException", "not signed by the TrustAnchor");
        assertThat(fixture.describe(id).state()).isEqualTo(ClusterState.UNINITIALIZED);
    }

    @Test
    void initializeCluster_certForAnotherClustersCsr_isInvalidRequest() {
        String id = fixture.createCluster();
        fixture.createHsm(id, az1);
        String otherId = fixture.createCluster();
        fixture.createHsm(otherId, az1);
        String otherCsr = fixture.describe(otherId).certificates().clusterCsr();
        assertAwsError(() -> hsm.initializeCluster(b -> b.clusterId(id).signedCert(fixture.ca().sign(otherCsr))
                .trustAnchor(fixture.ca().certificatePem())), "CloudHsmInvalidRequestException", "CSR");
    }

    @Test
    void initializeCluster_withGarbagePem_isInvalidRequest() {
        String id = fixture.createCluster();
        fixture.createHsm(id, az1);
        assertAwsError(() -> hsm.initializeCluster(b -> b.clusterId(id).signedCert("not a cert").trustAnchor("nope")),
                "CloudHsmInvalidRequestException", "PEM");
    }

    @Test
    void initializeCluster_beforeAnyHsm_isInvalidRequest() {
        String id = fixture.createCluster();
        assertAwsError(() -> hsm.initializeCluster(b -> b.clusterId(id).signedCert("x").trustAnchor("y")),
                "CloudHsmInvalidRequestException", "no CSR");
    }

    @Test
    void initializeCluster_twice_isInvalidRequest() {
        String id = fixture.createCluster();
        fixture.createHsm(id, az1);
        fixture.initialize(id);
        assertAwsError(() -> hsm.initializeCluster(b -> b.clusterId(id).signedCert("x").trustAnchor("y")),
                "CloudHsmInvalidRequestException", "INITIALIZED");
    }

    // ---- activation and users (CloudHSM CLI, emulator admin) ----

    @Test
    void activate_beforeInitialized_fails() {
        String id = fixture.createCluster();
        assertAdminError(() -> local.local().activateCluster(id, "adminPass1".toCharArray()), "CloudHsmInvalidRequestException",
                "INITIALIZED");
    }

    @Test
    void activate_initializedCluster_makesItActive_andUsersCanBeCreated() {
        String id = fixture.activeCluster();
        Cluster c = fixture.describe(id);
        assertThat(c.state()).isEqualTo(ClusterState.ACTIVE);
        assertThat(c.hsms()).extracting(h -> h.availabilityZone()).containsExactlyInAnyOrder(az1, az2);
        assertThat(local.local().loginClusterUser(id, "KMSUSER", ClusterFixture.KMSUSER_PASSWORD.toCharArray()))
                .as("usernames are stored lower-case").isTrue();
        local.local().logoutClusterUser(id, "kmsuser");
    }

    @Test
    void adminHttpApi_activatesAndCreatesKmsuser_errorsAre4xxWithMessage() throws Exception {
        String id = fixture.createCluster();
        fixture.createHsm(id, az1);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = local.local().endpoint() + "/_local/cloudhsm/clusters/" + id;
        var early = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/activate"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"adminPassword\": \"adminPass1\"}")).header("Content-Type", "application/json").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(early.statusCode()).isBetween(400, 499);
        assertThat(early.body()).contains("\"message\"").contains("INITIALIZED");
        fixture.initialize(id);
        var activated = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/activate"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"adminPassword\": \"adminPass1\"}")).header("Content-Type", "application/json").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(activated.statusCode()).isEqualTo(200);
        assertThat(fixture.describe(id).state()).isEqualTo(ClusterState.ACTIVE);
        var user = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/users"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"username\": \"kmsuser\", \"role\": \"crypto-user\", \"password\": \"kmsuserPass1\"}")).header("Content-Type", "application/json").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(user.body()).doesNotContain("kmsuserPass1");
        assertThat(local.local().loginClusterUser(id, "kmsuser", "kmsuserPass1".toCharArray())).isTrue();
        local.local().logoutClusterUser(id, "kmsuser");
    }

    @Test
    void createUser_beforeActivation_fails() {
        String id = fixture.createCluster();
        assertAdminError(() -> local.local().createCryptoUser(id, "kmsuser", "kmsuserPass1".toCharArray()),
                "CloudHsmInvalidRequestException", "activate");
    }

    @Test
    void createUser_twice_fails() {
        String id = fixture.activeCluster();
        assertAdminError(() -> local.local().createCryptoUser(id, "kmsuser", "anotherPass1".toCharArray()),
                "CloudHsmInvalidRequestException", "already exists");
    }

    @Test
    void createUser_withShortPassword_failsWithoutEchoingIt() {
        String id = fixture.activeCluster();
        assertThatThrownBy(() -> local.local().createCryptoUser(id, "bob", "abc12".toCharArray()))
                .hasMessageContaining("7-32").hasMessageNotContaining("abc12");
    }

    @Test
    void clusterUser_isLockedOutAfterFiveBadLogins_untilPasswordChanged() {
        String id = fixture.activeCluster();
        LocalHsmKeyStore l = local.local();
        for (int i = 0; i < 5; i++) {
            assertThat(l.loginClusterUser(id, "kmsuser", "wrongPass1".toCharArray())).isFalse();
        }
        assertThat(l.loginClusterUser(id, "kmsuser", ClusterFixture.KMSUSER_PASSWORD.toCharArray()))
                .as("locked out even with the right password").isFalse();
        l.changeClusterUserPassword(id, "kmsuser", "freshPass22".toCharArray());
        assertThat(l.loginClusterUser(id, "kmsuser", "freshPass22".toCharArray())).isTrue();
    }

    @Test
    void failHsm_makesClusterDegraded() {
        String id = fixture.activeCluster();
        String hsmId = fixture.hsmIn(id, az2).hsmId();
        local.local().failHsm(id, hsmId);
        Cluster c = fixture.describe(id);
        assertThat(c.state()).isEqualTo(ClusterState.DEGRADED);
        assertThat(fixture.hsmIn(id, az2).state()).isEqualTo(HsmState.DEGRADED);
    }

    // ---- DeleteCluster ----

    @Test
    void deleteCluster_withHsms_isInvalidRequest() {
        String id = fixture.createCluster();
        fixture.createHsm(id, az1);
        assertAwsError(() -> hsm.deleteCluster(r -> r.clusterId(id)), "CloudHsmInvalidRequestException", "DeleteHsm");
    }

    @Test
    void deleteCluster_empty_goesDeleteInProgressThenDeletedAndStaysVisible() {
        String id = fixture.createCluster();
        assertThat(hsm.deleteCluster(r -> r.clusterId(id)).cluster().state()).isEqualTo(ClusterState.DELETE_IN_PROGRESS);
        fixture.awaitCluster(id, c -> c.state() == ClusterState.DELETED);
        assertAwsError(() -> hsm.createHsm(r -> r.clusterId(id).availabilityZone(az1)),
                "CloudHsmResourceNotFoundException", id);
    }

    // ---- tags ----

    @Test
    void tags_addListRemove() {
        String id = fixture.createCluster();
        hsm.tagResource(r -> r.resourceId(id).tagList(Tag.builder().key("hsm-keystore:name").value("orders").build(),
                Tag.builder().key("team").value("payments").build()));
        assertThat(hsm.listTags(r -> r.resourceId(id)).tagList()).extracting(Tag::key)
                .containsExactlyInAnyOrder("hsm-keystore:name", "team");
        hsm.untagResource(r -> r.resourceId(id).tagKeyList("team"));
        assertThat(hsm.listTags(r -> r.resourceId(id)).tagList()).extracting(Tag::key).containsExactly("hsm-keystore:name");
        assertThat(fixture.describe(id).tagList()).extracting(Tag::value).containsExactly("orders");
    }

    @Test
    void tagResource_beyond50Tags_isTagExceptionAndAddsNone() {
        String id = fixture.createCluster();
        Tag[] tags = new Tag[50];
        for (int i = 0; i < 50; i++) {
            tags[i] = Tag.builder().key("k" + i).value("v").build();
        }
        hsm.tagResource(r -> r.resourceId(id).tagList(tags));
        assertAwsError(() -> hsm.tagResource(r -> r.resourceId(id).tagList(Tag.builder().key("one-more").value("v").build())),
                "CloudHsmTagException", "50");
        assertThat(hsm.listTags(r -> r.resourceId(id).maxResults(100)).tagList()).hasSize(50);
    }
}
