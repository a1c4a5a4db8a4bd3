package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The documents grant exactly what the hand-written JSON of release 0.1.0 granted: the reference documents under
 * {@code src/test/resources/policy-documents} were written by that implementation. Compared as IAM reads them: the
 * same statements (Sid, Effect, Action, Resource, Condition and no other element), order and the one-element-array
 * versus string spelling ignored.
 */
class PolicyDocumentsEquivalenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String TABLE = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";

    private static JsonNode reference(String name) throws Exception {
        try (InputStream in = PolicyDocumentsEquivalenceTest.class.getResourceAsStream("/policy-documents/" + name + ".json")) {
            assertThat(in).as(name).isNotNull();
            return JSON.readTree(in);
        }
    }

    /** Objects become maps, arrays become sets, and a string outside an array becomes a one-element set. */
    static Object normalized(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> out = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), normalized(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            Set<Object> out = new HashSet<>();
            node.forEach(n -> out.add(n.isValueNode() ? n.asText() : normalized(n)));
            assertThat(out).as("duplicates in " + node).hasSize(node.size());
            return out;
        }
        return Set.of(node.asText());
    }

    private static void assertGrantsTheSame(String actual, String referenceName) throws Exception {
        JsonNode expected = reference(referenceName);
        assertThat(normalized(JSON.readTree(actual))).isEqualTo(normalized(expected));
        // the normalisation itself must see the statements, or the comparison above proves nothing
        assertThat(expected.path("Statement").size()).isPositive();
    }

    @Test
    void cloudHsmProvisioning_grantsWhatTheReferenceDocumentGrants() throws Exception {
        assertGrantsTheSame(PolicyDocuments.cloudHsmProvisioning(), "cloudHsmProvisioning");
    }

    @Test
    void standardKmsProvisioning_grantsWhatTheReferenceDocumentGrants() throws Exception {
        assertGrantsTheSame(PolicyDocuments.standardKmsProvisioning(), "standardKmsProvisioning");
    }

    @Test
    void application_grantsWhatTheReferenceDocumentGrants() throws Exception {
        assertGrantsTheSame(PolicyDocuments.application(KEY, TABLE), "application");
    }

    @Test
    void normalized_differentResource_notEqual() throws Exception {
        String other = PolicyDocuments.application(KEY, "arn:aws:dynamodb:eu-west-1:111122223333:table/other");
        assertThat(normalized(JSON.readTree(other))).isNotEqualTo(normalized(reference("application")));
    }

    @Test
    void normalized_stringAndOneElementArray_equal() throws Exception {
        assertThat(normalized(JSON.readTree("{\"Action\":\"kms:Decrypt\"}")))
                .isEqualTo(normalized(JSON.readTree("{\"Action\":[\"kms:Decrypt\"]}")))
                .isNotEqualTo(normalized(JSON.readTree("{\"Action\":[\"kms:Decrypt\",\"kms:Encrypt\"]}")));
    }
}
