package io.github.hsmkeystore.local.internal.cloudhsm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsJsonService;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.hsm.HsmBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CloudHSMv2 ({@code BaldrApiService}, JSON 1.1): clusters, HSMs, initialisation (aws-semantics section 4), and
 * the operations that AWS performs through the CloudHSM CLI (activation, users), offered as admin calls.
 *
 * <p>Quotas: HSMs per cluster (28) is fixed as on AWS. Clusters (AWS default 4) and HSMs (6) per account and
 * Region are adjustable on AWS; the emulator behaves as an account with them raised to {@value #MAX_CLUSTERS} and
 * {@value #MAX_HSMS}, so test suites can create many short-lived clusters.
 */
public final class CloudHsmService implements AwsJsonService, ClusterAccess {
    private static final Logger log = LoggerFactory.getLogger(CloudHsmService.class);
    static final int MAX_CLUSTERS = 100;
    static final int MAX_HSMS = 300;
    static final int MAX_HSMS_PER_CLUSTER = 28;
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-fA-F]{8,17}");
    private static final Pattern CLUSTER_ID = Pattern.compile("cluster-[2-7a-zA-Z]{11,16}");
    private static final Pattern HSM_TYPE = Pattern.compile("((p|)hsm[0-9][a-z.]*\\.[a-zA-Z]+)");
    private static final Set<String> HSM_TYPES = Set.of("hsm1.medium", "hsm2m.medium");
    private static final Set<String> FILTER_KEYS = Set.of("clusterIds", "vpcIds", "states");

    private final EmulatorClock clock;
    private final Supplier<HsmBackend> backends;
    private final Duration delay;
    private final Map<Scope, ScopeState> scopes = new ConcurrentHashMap<>();
    private final Backups backups;

    /** The clusters and backups of one account and Region; also the lock that guards them. */
    static final class ScopeState {
        final Map<String, Cluster> clusters = new LinkedHashMap<>();
        final Map<String, Backup> backups = new LinkedHashMap<>();
    }

    public CloudHsmService(EmulatorClock clock, Supplier<HsmBackend> backends, Duration transitionDelay) {
        this.clock = clock;
        this.backends = backends;
        this.delay = transitionDelay;
        this.backups = new Backups(transitionDelay);
    }

    /**
     * Starts making, once per JVM and on a background thread, the RSA-2048 key pair the first cluster's CSR will use,
     * so that its first HSM becomes ACTIVE without waiting for one; called when CloudHSM work is coming (a CloudHSMv2
     * client is asked for, or a request arrives).
     */
    public void prepareKeys() {
        KeyPairs.prepareSpare();
    }

    @Override
    public String name() {
        return "cloudhsmv2";
    }

    @Override
    public String targetPrefix() {
        return "BaldrApiService";
    }

    @Override
    public String contentType() {
        return "application/x-amz-json-1.1";
    }

    @Override
    public String errorMessageMember() {
        return "Message";
    }

    @Override
    public ObjectNode handle(Scope scope, String operation, JsonRequest request) {
        prepareKeys();
        ScopeState state = scopes.computeIfAbsent(scope, s -> new ScopeState());
        synchronized (state) {
            Instant now = clock.now();
            state.clusters.values().forEach(c -> c.settle(now));
            backups.settle(scope, state, now);
            return switch (operation) {
                case "CreateCluster" -> createCluster(scope, state, request, now);
                case "DescribeClusters" -> describeClusters(state, request);
                case "CreateHsm" -> createHsm(scope, state, request, now);
                case "DeleteHsm" -> deleteHsm(state, request, now);
                case "InitializeCluster" -> initializeCluster(state, request, now);
                case "DeleteCluster" -> deleteCluster(state, request, now);
                case "TagResource" -> ClusterTags.tagResource(taggable(state, request), request);
                case "UntagResource" -> ClusterTags.untagResource(taggable(state, request), request);
                case "ListTags" -> ClusterTags.listTags(taggable(state, request), request);
                case "DescribeBackups" -> backups.describe(state, request);
                case "DeleteBackup" -> backups.delete(state, request, now);
                case "RestoreBackup" -> backups.restore(state, request);
                case "ModifyBackupAttributes" -> backups.modifyAttributes(state, request);
                case "CopyBackupToRegion" -> backups.copyToRegion(scope, state, request, now, ClusterTags.parse(request, "TagList"),
                        s -> scopes.computeIfAbsent(s, x -> new ScopeState()));
                case "ModifyCluster" -> modifyCluster(state, request);
                default -> throw AwsJsonService.unknownOperation(targetPrefix() + "." + operation);
            };
        }
    }

    private ObjectNode createCluster(Scope scope, ScopeState state, JsonRequest request, Instant now) {
        String hsmType = request.requiredString("HsmType", 0, 32);
        List<String> subnetIds = request.stringList("SubnetIds");
        if (!request.has("SubnetIds")) {
            throw JsonRequest.missing("SubnetIds");
        }
        String mode = request.string("Mode");
        String sourceBackup = request.string("SourceBackupId");
        String networkType = request.string("NetworkType") == null ? "IPV4" : request.string("NetworkType");
        JsonRequest retention = request.nested("BackupRetentionPolicy");
        Map<String, String> tags = ClusterTags.parse(request, "TagList");
        if (!HSM_TYPE.matcher(hsmType).matches() || !HSM_TYPES.contains(hsmType)) {
            throw CloudHsmErrors.invalidRequest("HsmType '" + hsmType + "' is not supported; use hsm1.medium or hsm2m.medium");
        }
        if (mode == null) {
            mode = "FIPS";
        } else if (!mode.equals("FIPS") && !mode.equals("NON_FIPS")) {
            throw CloudHsmErrors.invalidRequest("Mode '" + mode + "' is invalid; use FIPS or NON_FIPS");
        }
        if (hsmType.equals("hsm1.medium")) {
            // docs/kms-and-cloudhsm.md "hsm1.medium": end of life 2025-12-01, new clusters use hsm2m.medium
            throw CloudHsmErrors.invalidRequest("HsmType hsm1.medium is no longer available for new clusters: it reached"
                    + " end of life on December 1, 2025 (FIPS mode only). Use hsm2m.medium (FIPS or NON_FIPS mode).");
        }
        if (!networkType.equals("IPV4") && !networkType.equals("DUALSTACK")) {
            throw CloudHsmErrors.invalidRequest("NetworkType '" + networkType + "' is invalid; use IPV4 or DUALSTACK");
        }
        if (subnetIds.isEmpty() || subnetIds.size() > 10) {
            throw CloudHsmErrors.invalidRequest("SubnetIds must hold 1 to 10 subnets; got " + subnetIds.size());
        }
        for (String subnet : subnetIds) {
            if (!SUBNET_ID.matcher(subnet).matches()) {
                throw CloudHsmErrors.invalidRequest("Subnet id '" + subnet + "' is invalid: expected subnet- and 8-17 hex digits");
            }
        }
        if (Set.copyOf(subnetIds).size() != subnetIds.size()) {
            throw CloudHsmErrors.invalidRequest("SubnetIds contains the same subnet twice: " + subnetIds);
        }
        Backup source = sourceBackup == null ? null : backups.source(state, sourceBackup, hsmType, mode);
        String retentionValue = retention == null ? "90" : retentionDays(retention);
        long live = state.clusters.values().stream().filter(c -> !c.isDeleted()).count();
        if (live >= MAX_CLUSTERS) {
            throw CloudHsmErrors.limitExceeded("The account has " + live + " clusters in this Region, its quota");
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        for (int i = 0; i < subnetIds.size(); i++) {
            // the n-th subnet lies in the n-th AZ of the Region: there is no EC2 in the emulator
            mapping.put(scope.region() + (char) ('a' + i), subnetIds.get(i));
        }
        String id = "cluster-" + Ids.base32(11);
        Cluster cluster = new Cluster(id, hsmType, mode, mapping, retentionValue, networkType, backends.get(), now, delay);
        cluster.tags.putAll(tags);
        if (source != null) {
            restoreInto(cluster, source, now);
        } else {
            // ready by the time the first HSM is ACTIVE and generates the CSR (docs/emulator.md, "Cluster certificates")
            cluster.csrKey = KeyPairs.rsa2048InBackground();
        }
        state.clusters.put(id, cluster);
        log.debug("Created cluster [clusterId={}, azs={}]", id, mapping.keySet());
        return Json.object().set("Cluster", cluster.toJson());
    }

    /**
     * A cluster created from a backup has the backup's users, certificates, lineage and keys, and becomes ACTIVE
     * (already initialized and activated) without HSMs; its first HSM serves the backup's keys.
     */
    private void restoreInto(Cluster cluster, Backup source, Instant now) {
        Backup.Content c = source.content;
        cluster.backupLineage = c.backupLineage();
        cluster.certificates = c.certificates();
        cluster.clusterCertificatePem = c.clusterCertificatePem();
        cluster.trustAnchorPem = c.trustAnchorPem();
        cluster.users = c.users().copy();
        cluster.sourceBackupId = source.backupId;
        if (!cluster.backend.importFromBackup(c.keys())) {
            throw CloudHsmErrors.invalidRequest("The HSM backend of this emulator (" + cluster.backend.describe()
                    + ") cannot import the keys of backup " + source.backupId);
        }
        cluster.transition("ACTIVE", now.plus(delay));
    }

    /** ModifyCluster: the backup retention policy; HsmType migration is not implemented (no hsm1 cluster can exist). */
    private ObjectNode modifyCluster(ScopeState state, JsonRequest request) {
        Cluster cluster = cluster(state, request.requiredString("ClusterId"));
        String hsmType = request.string("HsmType", 0, 32);
        JsonRequest retention = request.nested("BackupRetentionPolicy");
        if (hsmType != null && !hsmType.equals(cluster.hsmType)) {
            throw CloudHsmErrors.invalidRequest("Changing HsmType (hsm1.medium to hsm2m.medium migration) is not implemented"
                    + " by hsm-keystore-local; cluster " + cluster.clusterId + " is " + cluster.hsmType);
        }
        if (retention != null) {
            cluster.backupRetentionValue = retentionDays(retention);
        }
        return Json.object().set("Cluster", cluster.toJson());
    }

    private static String retentionDays(JsonRequest retention) {
        String type = retention.string("Type");
        String value = retention.string("Value") == null ? "90" : retention.string("Value");
        if ((type != null && !type.equals("DAYS")) || !value.matches("[0-9]{1,3}")
                || Integer.parseInt(value) < 7 || Integer.parseInt(value) > 379) {
            throw CloudHsmErrors.invalidRequest("BackupRetentionPolicy must be Type DAYS with a Value from 7 to 379");
        }
        return value;
    }

    private ObjectNode describeClusters(ScopeState state, JsonRequest request) {
        Integer maxResults = request.integer("MaxResults", 1, 25);
        String nextToken = request.string("NextToken", 0, 256);
        ObjectNode filters = request.object("Filters");
        Map<String, List<String>> filterValues = new LinkedHashMap<>();
        if (filters != null) {
            if (filters.size() > 30) {
                throw CloudHsmErrors.invalidRequest("Filters holds at most 30 entries");
            }
            JsonRequest f = new JsonRequest(filters);
            for (var it = filters.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!FILTER_KEYS.contains(key)) {
                    throw CloudHsmErrors.invalidRequest("Filter '" + key + "' is invalid; use clusterIds, vpcIds or states");
                }
                filterValues.put(key, f.stringList(key));
            }
        }
        List<Cluster> matching = new ArrayList<>();
        for (Cluster c : state.clusters.values()) {
            if (matches(filterValues.get("clusterIds"), c.clusterId) && matches(filterValues.get("vpcIds"), c.vpcId)
                    && matches(filterValues.get("states"), c.state)) {
                matching.add(c);
            }
        }
        int start = 0;
        if (nextToken != null) {
            start = decodeToken(nextToken, matching.size());
        }
        int pageSize = maxResults == null ? 25 : maxResults;
        int end = Math.min(matching.size(), start + pageSize);
        ObjectNode out = Json.object();
        ArrayNode clusters = out.putArray("Clusters");
        matching.subList(start, end).forEach(c -> clusters.add(c.toJson()));
        if (end < matching.size()) {
            out.put("NextToken", java.util.Base64.getEncoder().encodeToString(("offset:" + end).getBytes()));
        }
        return out;
    }

    static int decodeToken(String token, int size) {
        try {
            String text = new String(java.util.Base64.getDecoder().decode(token));
            if (text.startsWith("offset:")) {
                int offset = Integer.parseInt(text.substring(7));
                if (offset >= 0 && offset <= size) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error below
        }
        throw CloudHsmErrors.invalidRequest("NextToken '" + token + "' is invalid or expired");
    }

    private static boolean matches(List<String> wanted, String value) {
        return wanted == null || wanted.isEmpty() || wanted.contains(value);
    }

    private ObjectNode createHsm(Scope scope, ScopeState state, JsonRequest request, Instant now) {
        Cluster cluster = cluster(state, request.requiredString("ClusterId"));
        String az = request.requiredString("AvailabilityZone");
        String ip = request.string("IpAddress");
        if (!cluster.subnetMapping.containsKey(az)) {
            throw CloudHsmErrors.invalidRequest("Availability Zone " + az + " has no subnet in " + cluster.clusterId
                    + "; the cluster's zones are " + cluster.subnetMapping.keySet());
        }
        if (!Set.of("UNINITIALIZED", "ACTIVE", "DEGRADED").contains(cluster.state)) {
            throw CloudHsmErrors.invalidRequest("Cannot create an HSM in " + cluster.clusterId + " while it is "
                    + cluster.state + "; HSMs can be added when the cluster is UNINITIALIZED, ACTIVE or DEGRADED");
        }
        if (cluster.hsms.size() >= MAX_HSMS_PER_CLUSTER) {
            throw CloudHsmErrors.limitExceeded("Cluster " + cluster.clusterId + " already has " + MAX_HSMS_PER_CLUSTER
                    + " HSMs, the most a cluster can hold");
        }
        long total = state.clusters.values().stream().mapToLong(c -> c.hsms.size()).sum();
        if (total >= MAX_HSMS) {
            throw CloudHsmErrors.limitExceeded("The account has " + total + " HSMs in this Region, its quota");
        }
        int zoneIndex = new ArrayList<>(cluster.subnetMapping.keySet()).indexOf(az);
        if (ip == null) {
            int n = 10;
            while (ipInUse(cluster, "10.0." + zoneIndex + "." + n)) {
                n++;
            }
            ip = "10.0." + zoneIndex + "." + n;
        } else if (!ip.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            throw CloudHsmErrors.invalidRequest("IpAddress '" + ip + "' is not an IPv4 address");
        } else if (ipInUse(cluster, ip)) {
            throw CloudHsmErrors.invalidRequest("IpAddress " + ip + " is already used by an HSM in " + cluster.clusterId);
        }
        if (Backups.eligible(cluster)) {
            // CloudHSM backs up an existing HSM and restores it onto the new one (docs/kms-and-cloudhsm.md "Backups")
            backups.take(scope, state, cluster, now);
        }
        Cluster.Hsm hsm = new Cluster.Hsm("hsm-" + Ids.base32(11), az, cluster.subnetMapping.get(az), ip, now.plus(delay));
        cluster.hsms.add(hsm);
        log.debug("Created HSM [clusterId={}, hsmId={}, az={}]", cluster.clusterId, hsm.hsmId, az);
        return Json.object().set("Hsm", cluster.hsmJson(hsm));
    }

    private static boolean ipInUse(Cluster cluster, String ip) {
        return cluster.hsms.stream().anyMatch(h -> h.eniIp.equals(ip));
    }

    private ObjectNode deleteHsm(ScopeState state, JsonRequest request, Instant now) {
        Cluster cluster = cluster(state, request.requiredString("ClusterId"));
        String hsmId = request.string("HsmId");
        String eniId = request.string("EniId");
        String eniIp = request.string("EniIp");
        int given = (hsmId != null ? 1 : 0) + (eniId != null ? 1 : 0) + (eniIp != null ? 1 : 0);
        if (given != 1) {
            throw CloudHsmErrors.invalidRequest("Specify exactly one of HsmId, EniId or EniIp; got " + given);
        }
        Cluster.Hsm hsm = cluster.hsms.stream()
                .filter(h -> h.hsmId.equals(hsmId) || h.eniId.equals(eniId) || h.eniIp.equals(eniIp))
                .findFirst()
                .orElseThrow(() -> CloudHsmErrors.notFound("No HSM " + (hsmId != null ? hsmId : eniId != null ? eniId : eniIp)
                        + " in " + cluster.clusterId));
        if (hsm.goneAt == null) {
            hsm.state = "DELETE_IN_PROGRESS";
            hsm.goneAt = now.plus(delay);
        }
        log.debug("Deleting HSM [clusterId={}, hsmId={}]", cluster.clusterId, hsm.hsmId);
        return Json.object().put("HsmId", hsm.hsmId);
    }

    private ObjectNode initializeCluster(ScopeState state, JsonRequest request, Instant now) {
        Cluster cluster = cluster(state, request.requiredString("ClusterId"));
        String signedCert = request.requiredString("SignedCert", 0, 20000);
        String trustAnchor = request.requiredString("TrustAnchor", 0, 20000);
        if (!cluster.state.equals("UNINITIALIZED")) {
            throw CloudHsmErrors.invalidRequest("Cluster " + cluster.clusterId + " is " + cluster.state
                    + "; InitializeCluster needs an UNINITIALIZED cluster");
        }
        if (cluster.certificates == null) {
            throw CloudHsmErrors.invalidRequest("Cluster " + cluster.clusterId
                    + " has no CSR yet: create an HSM and wait until it is ACTIVE, then sign Certificates.ClusterCsr");
        }
        cluster.certificates.verifyInitialization(signedCert, trustAnchor);
        cluster.clusterCertificatePem = signedCert;
        cluster.trustAnchorPem = trustAnchor;
        cluster.state = "INITIALIZE_IN_PROGRESS";
        cluster.stateMessage = "Cluster is initializing. State will change to INITIALIZED upon completion.";
        cluster.transition("INITIALIZED", now.plus(delay));
        log.debug("Initializing cluster [clusterId={}]", cluster.clusterId);
        return Json.object().put("State", cluster.state).put("StateMessage", cluster.stateMessage);
    }

    private ObjectNode deleteCluster(ScopeState state, JsonRequest request, Instant now) {
        Cluster cluster = cluster(state, request.requiredString("ClusterId"));
        if (cluster.state.equals("DELETE_IN_PROGRESS")) {
            throw CloudHsmErrors.invalidRequest("Cluster " + cluster.clusterId + " is already being deleted");
        }
        if (!cluster.hsms.isEmpty()) {
            throw CloudHsmErrors.invalidRequest("Cluster " + cluster.clusterId + " still has " + cluster.hsms.size()
                    + " HSM(s); delete every HSM (DeleteHsm) before DeleteCluster");
        }
        cluster.state = "DELETE_IN_PROGRESS";
        cluster.stateMessage = null;
        cluster.transition("DELETED", now.plus(delay));
        log.debug("Deleting cluster [clusterId={}]", cluster.clusterId);
        return Json.object().set("Cluster", cluster.toJson());
    }

    /** The tags of a cluster or a backup (ResourceId is a cluster id or a backup id). */
    private Map<String, String> taggable(ScopeState state, JsonRequest request) {
        String resourceId = request.requiredString("ResourceId");
        if (resourceId.startsWith("backup-")) {
            Backup backup = state.backups.get(resourceId);
            if (backup == null) {
                throw CloudHsmErrors.notFound("Backup " + resourceId + " not found");
            }
            return backup.tags;
        }
        return cluster(state, resourceId).tags;
    }

    private static Cluster cluster(ScopeState state, String clusterId) {
        if (!CLUSTER_ID.matcher(clusterId).matches()) {
            throw CloudHsmErrors.invalidRequest("ClusterId '" + clusterId + "' is invalid: expected cluster- and 11-16 letters or digits 2-7");
        }
        Cluster cluster = state.clusters.get(clusterId);
        if (cluster == null || cluster.isDeleted()) {
            throw CloudHsmErrors.notFound("Cluster " + clusterId + " not found");
        }
        return cluster;
    }

    // ---- CloudHSM CLI operations (emulator admin API) ----

    /** The CLI's {@code cluster activate}: INITIALIZED to ACTIVE, setting the admin password. */
    public void activate(Scope scope, String clusterId, char[] adminPassword) {
        withCluster(scope, clusterId, cluster -> {
            if (!cluster.state.equals("INITIALIZED")) {
                throw CloudHsmErrors.invalidRequest("Cluster " + clusterId + " is " + cluster.state
                        + "; activation needs an INITIALIZED cluster (InitializeCluster first, then wait)");
            }
            cluster.users.activateAdmin(adminPassword);
            cluster.state = "ACTIVE";
            cluster.stateMessage = null;
            cluster.settle(clock.now());
            log.debug("Activated cluster [clusterId={}]", clusterId);
            return null;
        });
    }

    /** The CLI's {@code user create}: adds a user (role {@code crypto-user} or {@code admin}) to an ACTIVE cluster. */
    public void createUser(Scope scope, String clusterId, String username, String role, char[] password) {
        withCluster(scope, clusterId, cluster -> {
            requireActive(cluster, "create a user");
            cluster.users.create(username, role, password);
            log.debug("Created cluster user [clusterId={}, username={}, role={}]", clusterId, username, role);
            return null;
        });
    }

    /** The CLI's {@code user change-password} (run by an admin). */
    public void changeUserPassword(Scope scope, String clusterId, String username, char[] newPassword) {
        withCluster(scope, clusterId, cluster -> {
            requireActive(cluster, "change a password");
            cluster.users.changePassword(username, newPassword);
            return null;
        });
    }

    /** The CLI's {@code login}: a session of someone other than KMS (KMS then reports USER_LOGGED_IN). */
    public LoginResult loginUser(Scope scope, String clusterId, String username, char[] password) {
        return withCluster(scope, clusterId, cluster -> cluster.users.login(username, password));
    }

    public void logoutUser(Scope scope, String clusterId, String username) {
        withCluster(scope, clusterId, cluster -> {
            cluster.users.logout(username);
            return null;
        });
    }

    /** Fault: an HSM fails (state DEGRADED, no longer counted as active; the cluster turns DEGRADED). */
    public void failHsm(Scope scope, String clusterId, String hsmId) {
        withCluster(scope, clusterId, cluster -> {
            Cluster.Hsm hsm = cluster.hsms.stream().filter(h -> h.hsmId.equals(hsmId)).findFirst()
                    .orElseThrow(() -> CloudHsmErrors.notFound("No HSM " + hsmId + " in " + clusterId));
            hsm.state = "DEGRADED";
            hsm.stateMessage = "HSM failed (fault injected by hsm-keystore-local)";
            cluster.settle(clock.now());
            return null;
        });
    }

    /** Fault: network configuration problems that KMS detects (see {@link ClusterView}). */
    public void breakNetwork(Scope scope, String clusterId, boolean securityGroupBroken, boolean subnetDeleted,
                             boolean subnetFull) {
        withCluster(scope, clusterId, cluster -> {
            cluster.securityGroupValid = !securityGroupBroken;
            cluster.subnetMissing = subnetDeleted;
            cluster.subnetFull = subnetFull;
            return null;
        });
    }

    private static void requireActive(Cluster cluster, String what) {
        if (!cluster.state.equals("ACTIVE") && !cluster.state.equals("DEGRADED")) {
            throw CloudHsmErrors.invalidRequest("Cluster " + cluster.clusterId + " is " + cluster.state
                    + "; activate it before you " + what);
        }
    }

    private <T> T withCluster(Scope scope, String clusterId, java.util.function.Function<Cluster, T> action) {
        ScopeState state = scopes.computeIfAbsent(scope, s -> new ScopeState());
        synchronized (state) {
            Cluster cluster = state.clusters.get(clusterId);
            if (cluster == null || cluster.isDeleted()) {
                throw CloudHsmErrors.notFound("Cluster " + clusterId + " not found in " + scope.region());
            }
            cluster.settle(clock.now());
            return action.apply(cluster);
        }
    }

    // ---- what KMS sees ----

    @Override
    public Optional<ClusterView> cluster(Scope scope, String clusterId) {
        ScopeState state = scopes.get(scope);
        if (state == null || clusterId == null) {
            return Optional.empty();
        }
        synchronized (state) {
            Cluster cluster = state.clusters.get(clusterId);
            if (cluster == null) {
                return Optional.empty();
            }
            cluster.settle(clock.now());
            return cluster.isDeleted() ? Optional.empty() : Optional.of(new View(state, cluster));
        }
    }

    private final class View implements ClusterView {
        private final ScopeState state;
        private final Cluster cluster;

        View(ScopeState state, Cluster cluster) {
            this.state = state;
            this.cluster = cluster;
        }

        private <T> T read(java.util.function.Function<Cluster, T> f) {
            synchronized (state) {
                cluster.settle(clock.now());
                return f.apply(cluster);
            }
        }

        @Override
        public String clusterId() {
            return cluster.clusterId;
        }

        @Override
        public String state() {
            return read(c -> c.state);
        }

        @Override
        public String trustAnchorPem() {
            return read(c -> c.trustAnchorPem);
        }

        @Override
        public String backupLineage() {
            return cluster.backupLineage;
        }

        @Override
        public List<String> subnetAvailabilityZones() {
            return List.copyOf(cluster.subnetMapping.keySet());
        }

        @Override
        public Map<String, Integer> activeHsmsPerAz() {
            return read(c -> Map.copyOf(c.activeHsmsPerAz()));
        }

        @Override
        public boolean securityGroupValid() {
            return read(c -> c.securityGroupValid);
        }

        @Override
        public boolean subnetMissing() {
            return read(c -> c.subnetMissing);
        }

        @Override
        public boolean subnetFull() {
            return read(c -> c.subnetFull);
        }

        @Override
        public LoginResult login(String username, char[] password) {
            return read(c -> c.users.login(username, password));
        }

        @Override
        public void changePassword(String username, char[] newPassword) {
            read(c -> {
                c.users.changePassword(username, newPassword);
                return null;
            });
        }

        @Override
        public void logout(String username) {
            read(c -> {
                c.users.logout(username);
                return null;
            });
        }

        @Override
        public HsmBackend backend() {
            return cluster.backend;
        }
    }

    /** Closes every cluster's HSM backend. */
    public void close() {
        for (ScopeState state : scopes.values()) {
            synchronized (state) {
                for (Cluster c : state.clusters.values()) {
                    try {
                        c.backend.close();
                    } catch (RuntimeException e) {
                        log.error("Failed to close the HSM backend of {}", c.clusterId, e);
                    }
                }
            }
        }
    }
}
