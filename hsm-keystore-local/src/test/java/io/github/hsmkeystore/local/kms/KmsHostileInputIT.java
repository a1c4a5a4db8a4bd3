package io.github.hsmkeystore.local.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.internal.protocol.ServiceModel;
import io.github.hsmkeystore.local.internal.protocol.Shape;
import io.github.hsmkeystore.local.testing.HostileBodies;
import io.github.hsmkeystore.local.testing.HostileInputStats;
import io.github.hsmkeystore.local.testing.ModelBodies;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Generated hostile input for KMS (JSON 1.1, {@code TrentService}): for every operation of the KMS API model, bodies
 * built from the model's shapes and then broken (wrong JSON kind, megabytes of string or list, 10k-deep nesting,
 * truncated or garbage JSON) are posted raw to the emulator. Each must answer an AWS-shaped 4xx (never a 5xx, never a
 * hang), change nothing (keys, aliases and custom key stores stay as they were), and leave the emulator serving. A
 * second property sends well-typed random bodies (key and store ids often real ones): never a 5xx, and never one of
 * the 5xx faults KMS models (KMSInternalException, DependencyTimeoutException).
 *
 * <p>The model ({@code models/kms-2014-11-01.json}) is botocore's {@code kms/2014-11-01/service-2.json.gz}
 * (Apache-2.0, documentation strings removed), test data only.
 */
class KmsHostileInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServiceModel MODEL = ServiceModel.load("/io/github/hsmkeystore/local/models/kms-2014-11-01.json", "");
    private static final HostileBodies HOSTILE = new HostileBodies(MODEL, Set.of(), "{\"a\":", 300 * 1024); // mostly under the 1 MiB limit
    private static final Set<String> FAULTS = Set.of("KMSInternalException", "DependencyTimeoutException");

    private static LocalHsmKeyStore local;
    private static KmsClient kms;
    private static HostileInputStats stats;
    private static String storeId;
    private static String keyId;

    @BeforeContainer
    static void start() {
        local = LocalHsmKeyStore.builder().transitionDelay(KmsFixture.DELAY).start();
        KmsFixture f = new KmsFixture(local);
        kms = f.kms;
        storeId = f.createStore(f.activeCluster());
        f.connect(storeId);
        keyId = f.createKey(storeId).keyId();
        kms.createAlias(r -> r.aliasName("alias/hostile").targetKeyId(keyId));
        f.createStandardKey();
        stats = new HostileInputStats(local, "TrentService", "application/x-amz-json-1.1", "message");
    }

    @AfterContainer
    static void stop() {
        if (stats != null) {
            stats.print("KmsHostileInputIT");
        }
        if (local != null) {
            local.close();
        }
    }

    @Provide
    Arbitrary<String> operations() {
        return Arbitraries.of(new ArrayList<>(MODEL.operations()));
    }

    private static List<Object> state() {
        return List.of(kms.listKeys(r -> r.limit(1000)).keys(), kms.listAliases(r -> r.limit(100)).aliases(),
                kms.describeCustomKeyStores().customKeyStores(), kms.describeKey(r -> r.keyId(keyId)).keyMetadata());
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void brokenBody_answersAwsShaped4xx_changesNothing_andTheEmulatorKeepsServing(
            @ForAll("operations") String operation, @ForAll HostileBodies.Hostility hostility, @ForAll long seed) throws Exception {
        List<Object> before = state();
        byte[] body = HOSTILE.hostile(operation, hostility, new Random(seed));
        stats.assertAwsShaped4xx(stats.postBroken(operation, body), operation + " " + hostility);
        assertThat(state()).as("%s %s changed the state", operation, hostility).isEqualTo(before);
    }

    @Property(tries = 800, shrinking = ShrinkingMode.OFF)
    void wellTypedRandomBody_neverAnswers5xx(@ForAll("operations") String operation, @ForAll long seed) throws Exception {
        Random random = new Random(seed);
        Shape input = MODEL.input(operation);
        ObjectNode body = input == null ? JSON.createObjectNode() : new ModelBodies(random, 4, Set.of()).body(input);
        // real ids most of the time, so that requests get past the look-up and into the operation itself
        for (String member : List.of("KeyId", "TargetKeyId", "DestinationKeyId", "SourceKeyId")) {
            if (body.has(member) && random.nextInt(3) != 0) {
                body.put(member, random.nextBoolean() ? keyId : "alias/hostile");
            }
        }
        if (body.has("CustomKeyStoreId") && random.nextInt(3) != 0) {
            body.put("CustomKeyStoreId", storeId);
        }
        String what = operation + " " + abbreviate(body.toString());
        var r = stats.postWellTyped(operation, JSON.writeValueAsBytes(body));
        Statistics.collect(operation, r.statusCode() == 200 ? "200" : JSON.readTree(r.body()).path("__type").asText());
        if (r.statusCode() >= 400) {
            stats.assertAwsShaped4xx(r, what);
            String type = JSON.readTree(r.body()).path("__type").asText();
            assertThat(FAULTS).as(what).doesNotContain(type);
        }
        assertThat(kms.listKeys(l -> l.limit(1)).keys()).isNotEmpty(); // still serving
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
