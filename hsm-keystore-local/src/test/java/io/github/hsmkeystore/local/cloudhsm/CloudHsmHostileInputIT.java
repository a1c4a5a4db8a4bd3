package io.github.hsmkeystore.local.cloudhsm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.internal.protocol.ServiceModel;
import io.github.hsmkeystore.local.internal.protocol.Shape;
import io.github.hsmkeystore.local.testing.ClusterFixture;
import io.github.hsmkeystore.local.testing.HostileBodies;
import io.github.hsmkeystore.local.testing.HostileInputStats;
import io.github.hsmkeystore.local.testing.ModelBodies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;

/**
 * Generated hostile input for CloudHSMv2 (JSON 1.1, {@code BaldrApiService}): for every operation of the CloudHSMv2
 * API model, bodies built from the model's shapes and then broken (wrong JSON kind, megabytes of string or list,
 * 10k-deep nesting, truncated or garbage JSON) are posted raw to the emulator. Each must answer an AWS-shaped 4xx
 * (never a 5xx, never a hang), change nothing (DescribeClusters and DescribeBackups stay as they were), and leave the
 * emulator serving. A second property sends well-typed random bodies (cluster ids often the real one): never a 5xx.
 *
 * <p>The model ({@code models/cloudhsmv2-2017-04-28.json}) is botocore's {@code cloudhsmv2/2017-04-28/service-2.json.gz}
 * (Apache-2.0, documentation strings removed), test data only.
 */
class CloudHsmHostileInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServiceModel MODEL = ServiceModel.load("/io/github/hsmkeystore/local/models/cloudhsmv2-2017-04-28.json", "");
    private static final HostileBodies HOSTILE = new HostileBodies(MODEL, Set.of(), "{\"a\":", 300 * 1024); // mostly under the 1 MiB limit

    private static LocalHsmKeyStore local;
    private static CloudHsmV2Client hsm;
    private static HostileInputStats stats;
    private static String clusterId;

    @BeforeContainer
    static void start() {
        local = LocalHsmKeyStore.builder().transitionDelay(Duration.ofMillis(1)).start();
        hsm = local.cloudHsmClient();
        clusterId = new ClusterFixture(local).activeCluster();
        stats = new HostileInputStats(local, "BaldrApiService", "application/x-amz-json-1.1", "Message");
    }

    @AfterContainer
    static void stop() {
        if (stats != null) {
            stats.print("CloudHsmHostileInputIT");
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
        return List.of(hsm.describeClusters().clusters(), hsm.describeBackups().backups());
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void brokenBody_answersAwsShaped4xx_changesNothing_andTheEmulatorKeepsServing(
            @ForAll("operations") String operation, @ForAll HostileBodies.Hostility hostility, @ForAll long seed) throws Exception {
        List<Object> before = state();
        byte[] body = HOSTILE.hostile(operation, hostility, new Random(seed));
        stats.assertAwsShaped4xx(stats.postBroken(operation, body), operation + " " + hostility);
        assertThat(state()).as("%s %s changed the state", operation, hostility).isEqualTo(before);
    }

    @Property(tries = 500, shrinking = ShrinkingMode.OFF)
    void wellTypedRandomBody_neverAnswers5xx(@ForAll("operations") String operation, @ForAll long seed) throws Exception {
        Random random = new Random(seed);
        Shape input = MODEL.input(operation);
        ObjectNode body = input == null ? JSON.createObjectNode() : new ModelBodies(random, 4, Set.of()).body(input);
        if (body.has("ClusterId") && random.nextInt(3) != 0) {
            body.put("ClusterId", clusterId);
        }
        String what = operation + " " + abbreviate(body.toString());
        var r = stats.postWellTyped(operation, JSON.writeValueAsBytes(body));
        Statistics.collect(operation, r.statusCode() == 200 ? "200" : JSON.readTree(r.body()).path("__type").asText());
        if (r.statusCode() >= 400) {
            stats.assertAwsShaped4xx(r, what);
        }
        assertThat(hsm.describeClusters().clusters()).isNotEmpty(); // still serving
    }

    /**
     * Found by the broken-body property (DescribeBackups with a 1.2 MB list): the HTTP layer refuses a body past the 1 MiB limit before
     * reading it, and used to close the connection on the unread bytes, which reset it: the client saw a broken pipe
     * instead of the 413. Several rounds, as it was a race between the client's writes and the close.
     */
    @Example
    void bodyPastTheLimit_isAnswered413_notAResetConnection() throws Exception {
        for (int i = 0; i < 20; i++) {
            StringBuilder list = new StringBuilder("{\"Filters\":{\"states\":[");
            int n = 190_000 + i * 5_000; // 1.2 to 1.5 MB, just past the 1 MiB limit
            for (int j = 0; j < n; j++) {
                list.append(j).append(',');
            }
            byte[] body = list.append("0]}}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            var r = stats.postBroken("DescribeBackups", body);
            stats.assertAwsShaped4xx(r, body.length + " bytes of DescribeBackups");
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).contains("RequestEntityTooLargeException").contains("1048576");
        }
        assertThat(hsm.describeClusters().clusters()).isNotEmpty();
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
