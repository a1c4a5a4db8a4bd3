package io.github.hsmkeystore.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Json}'s streaming tree reader and writer against Jackson's ObjectMapper as the oracle. */
class JsonTest {
    private static final ObjectMapper ORACLE = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final List<String> SAMPLES = List.of(
            "{}", "[]", "1", "\"s\"", "true", "null",
            "{\"a\":1,\"b\":-2147483649,\"c\":123456789012345678901234567890,\"d\":1.5e300,\"e\":-0.0,\"f\":2147483647}",
            "{\"S\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\n\",\"L\":[{\"N\":\"1\"},{\"M\":{\"x\":{\"NULL\":true}}},[],[[]]]}",
            "{\"nested\":{\"a\":{\"b\":{\"c\":[1,[2,[3,{\"d\":null}]]]}}},\"z\":false}",
            "  {\"ws\" :\t[ 1 , 2 ]\r\n}  ");

    @Test
    void readTree_samples_equalObjectMapperTrees() throws Exception {
        for (String sample : SAMPLES) {
            JsonNode expected = ORACLE.readTree(sample);
            JsonNode actual = Json.readTree(sample.getBytes(StandardCharsets.UTF_8));
            assertThat(actual).as(sample).isEqualTo(expected);
            assertThat(actual.getClass()).as(sample).isEqualTo(expected.getClass());
            assertThat(Json.readTree(sample)).as(sample).isEqualTo(expected);
            assertThat(Json.readTree(new ByteArrayInputStream(sample.getBytes(StandardCharsets.UTF_8)))).isEqualTo(expected);
        }
    }

    @Test
    void write_samples_equalObjectMapperOutput() throws Exception {
        for (String sample : SAMPLES) {
            JsonNode tree = ORACLE.readTree(sample);
            assertThat(Json.write(tree)).as(sample).isEqualTo(ORACLE.writeValueAsBytes(tree));
            assertThat(Json.writeString(tree)).isEqualTo(tree.toString());
            assertThat(Json.writePretty(tree)).as(sample)
                    .isEqualTo(ORACLE.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
        }
    }

    @Test
    void readTree_emptyOrBlank_isNull_andParseBodyGivesAnEmptyObject() throws Exception {
        assertThat(Json.readTree(new byte[0])).isNull();
        assertThat(Json.readTree(" \n ")).isNull();
        assertThat(Json.parseBody(new byte[0])).isEqualTo(Json.object());
        assertThat(Json.parseBody(" ".getBytes(StandardCharsets.UTF_8))).isEqualTo(Json.object());
    }

    @Test
    void readTree_duplicateMember_isRefused() {
        assertThatThrownBy(() -> Json.readTree("{\"a\":1,\"a\":2}"))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void readTree_trailingValue_isRefused() {
        assertThatThrownBy(() -> Json.readTree("{\"a\":1} {}"))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> Json.readTree("{\"a\":1}]"))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void readTree_truncated_isRefused() {
        for (String truncated : List.of("{", "{\"a\":", "[1,", "{\"a\":[1,2}", "\"open")) {
            assertThatThrownBy(() -> Json.readTree(truncated)).as(truncated).isInstanceOf(JsonProcessingException.class);
        }
    }

    @Test
    void readTree_nestingBeyondTheParsersLimit_isAParseErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> Json.readTree(deep)).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void parseBody_notAnObject_isASerializationException() {
        assertThatThrownBy(() -> Json.parseBody("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AwsException.class).hasMessageContaining("Start of structure or map expected but found ARRAY");
        assertThatThrownBy(() -> Json.parseBody("{\"a\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AwsException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void readTree_memberNamesOfNestedContainers_areKept() throws Exception {
        ObjectNode tree = (ObjectNode) Json.readTree("{\"a\":{\"b\":[{\"c\":{}}]},\"d\":[]}");
        assertThat(tree.at("/a/b/0/c").isObject()).isTrue();
        assertThat(tree.get("d").isArray()).isTrue();
    }
}
