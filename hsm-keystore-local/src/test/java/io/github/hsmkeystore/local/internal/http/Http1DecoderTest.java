package io.github.hsmkeystore.local.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The strict HTTP/1.1 request decoder, fed whole, byte by byte and in random splits. */
class Http1DecoderTest {

    /** What a stream decodes to, as text: one line per event, body parts joined per request. */
    private static List<String> decode(byte[] stream, int[] cuts) {
        Http1Decoder decoder = new Http1Decoder();
        List<String> events = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? Math.max(from, Math.min(stream.length, cuts[i])) : stream.length;
            decoder.feed(stream, from, to - from);
            from = to;
            Http1Decoder.Event e;
            while ((e = decoder.next()) != null) {
                if (e instanceof Http1Decoder.Head h) {
                    events.add("HEAD " + h.method() + " " + h.target() + (h.http10() ? " 1.0" : " 1.1")
                            + " len=" + h.contentLength() + " headers=" + h.headers().size());
                } else if (e instanceof Http1Decoder.BodyPart p) {
                    body.write(p.bytes(), p.offset(), p.length());
                    if (p.last()) {
                        events.add("BODY " + body.toString(StandardCharsets.ISO_8859_1));
                        body.reset();
                    }
                } else if (e instanceof Http1Decoder.Failure f) {
                    events.add("FAIL " + f.response().status() + " "
                            + new String(f.response().body(), StandardCharsets.UTF_8));
                }
            }
        }
        return events;
    }

    private static List<String> decode(String stream) {
        return decode(stream.getBytes(StandardCharsets.ISO_8859_1), new int[0]);
    }

    private static List<String> decodeByteByByte(String stream) {
        byte[] bytes = stream.getBytes(StandardCharsets.ISO_8859_1);
        int[] cuts = new int[bytes.length];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i;
        }
        return decode(bytes, cuts);
    }

    private static final String PIPELINE = "\r\nPOST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello"
            + "POST /x?q=1 HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3;ext=1\r\nabc\r\n4 ; e\r\ndefg\r\n0\r\nTrailer-A: 1\r\n\r\n"
            + "GET /z HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";

    @Test
    void next_pipelinedFixedChunkedAndEmptyBodies_decodedInOrder() {
        assertThat(decode(PIPELINE)).containsExactly(
                "HEAD POST / 1.1 len=5 headers=2", "BODY hello",
                "HEAD POST /x?q=1 1.1 len=-1 headers=2", "BODY abcdefg",
                "HEAD GET /z 1.0 len=0 headers=1", "BODY ");
    }

    @Test
    void next_byteByByte_sameEventsAsWhole() {
        assertThat(decodeByteByByte(PIPELINE)).isEqualTo(decode(PIPELINE));
    }

    @Property(tries = 300)
    void next_anySplit_sameEventsAsWhole(@ForAll @Size(max = 12) List<@IntRange(min = 0, max = 400) Integer> cuts) {
        int[] sorted = cuts.stream().mapToInt(Integer::intValue).sorted().toArray();
        byte[] bytes = PIPELINE.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(decode(bytes, sorted)).isEqualTo(decode(PIPELINE));
    }

    @Provide
    Arbitrary<byte[]> hostileStreams() {
        Arbitrary<String> pieces = Arbitraries.of("GET", "POST", " ", "/", "HTTP/1.1", "HTTP/1.0", "HTTP/9.9", "\r\n",
                "\r", "\n", ":", "Host: localhost", "Content-Length: ", "Transfer-Encoding: chunked", "0", "5",
                "-1", "fffffffffffffffff", ";", "\t", "\u0000", "\u00ff", "x", "\r\n\r\n", "abcde");
        return pieces.list().ofMaxSize(60).map(l -> String.join("", l).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Property(tries = 1000)
    void next_anyBytes_neverThrows_andNothingFollowsAFailure(@ForAll("hostileStreams") byte[] stream,
                                                             @ForAll @IntRange(min = 1, max = 7) int step) {
        int[] cuts = new int[stream.length / step];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (i + 1) * step;
        }
        List<String> events = decode(stream, cuts);
        int failure = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith("FAIL")) {
                failure = i;
                break;
            }
        }
        if (failure >= 0) {
            assertThat(events).hasSize(failure + 1);
            assertThat(events.get(failure)).matches("FAIL (400|414|431|505) .*");
        }
        assertThat(decode(stream, new int[0])).isEqualTo(events);
    }

    private static String failure(String stream) {
        List<String> events = decode(stream);
        assertThat(events).isNotEmpty();
        assertThat(events.get(events.size() - 1)).startsWith("FAIL");
        assertThat(decodeByteByByte(stream)).isEqualTo(events);
        return events.get(events.size() - 1);
    }

    @Test
    void next_malformedRequestLines_400() {
        assertThat(failure("GET  / HTTP/1.1\r\n")).contains("400").contains("METHOD SP TARGET SP HTTP/1.1");
        assertThat(failure("GET / HTTP/1.1 \r\n")).contains("400");
        assertThat(failure("G(T / HTTP/1.1\r\n")).contains("400").contains("not a token");
        assertThat(failure("GET /\u00e9 HTTP/1.1\r\n")).contains("400").contains("visible ASCII");
        assertThat(failure("GET / HTTX/1.1\r\n")).contains("400").contains("not an HTTP version");
        assertThat(failure("GET / HTTP/2.0\r\n")).contains("505").contains("HttpVersionNotSupportedException");
    }

    @Test
    void next_lineEnds_crlfOnly() {
        assertThat(failure("GET / HTTP/1.1\nHost: a\n\n")).contains("400").contains("bare LF");
        assertThat(failure("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n")).contains("400").contains("bare CR");
    }

    @Test
    void next_malformedFieldLines_400() {
        assertThat(failure("GET / HTTP/1.1\r\nHost : a\r\n\r\n")).contains("400").contains("no whitespace before the colon");
        assertThat(failure("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n")).contains("400").contains("line folding");
        assertThat(failure("GET / HTTP/1.1\r\nnocolon\r\n\r\n")).contains("400").contains("no name and colon");
        assertThat(failure("GET / HTTP/1.1\r\nX: a\u0001b\r\n\r\n")).contains("400").contains("control character");
    }

    @Test
    void next_contentLengthAndTransferEncoding_strict() {
        assertThat(failure("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .contains("both Content-Length and Transfer-Encoding");
        assertThat(failure("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n"))
                .contains("at most one Content-Length");
        for (String bad : List.of("1, 1", "-1", "+1", "1e3", "", "99999999999999999999", "0x10", " ")) {
            assertThat(failure("POST / HTTP/1.1\r\nContent-Length: " + bad + "\r\n\r\n")).as(bad)
                    .contains("Invalid Content-Length");
        }
        assertThat(failure("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")).contains("only chunked");
        assertThat(failure("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
                .contains("not allowed in an HTTP/1.0 request");
    }

    @Test
    void next_malformedChunks_400() {
        String head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (String size : List.of("g", "-1", "", "1000000000000000", " 1", "1 ", "1 x", "\u00b9")) {
            assertThat(failure(head + size + "\r\n")).as(size).contains("invalid chunk size");
        }
        assertThat(failure(head + "3\r\nabcX\r\n")).contains("must end with CRLF");
        assertThat(failure(head + "3\r\nabc\n")).contains("must end with CRLF");
        assertThat(decode(head + "00000000000000000003\r\nabc\r\n0\r\n\r\n")).containsExactly(
                "HEAD POST / 1.1 len=-1 headers=1", "BODY abc");
    }

    @Test
    void next_tooLong_414And431() {
        assertThat(failure("GET /" + "a".repeat(Http1Decoder.MAX_INITIAL_LINE) + " HTTP/1.1\r\n")).contains("414");
        assertThat(failure("GET / HTTP/1.1\r\nX: " + "a".repeat(Http1Decoder.MAX_HEADER_BYTES) + "\r\n\r\n")).contains("431");
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 2000; i++) {
            many.append("X-").append(i).append(": ").append("v".repeat(30)).append("\r\n");
        }
        assertThat(failure(many.append("\r\n").toString())).contains("431");
        String chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertThat(failure(chunked + "1;" + "e".repeat(Http1Decoder.MAX_CHUNK_LINE) + "\r\n")).contains("400");
        assertThat(failure(chunked + "0\r\nT: " + "t".repeat(Http1Decoder.MAX_HEADER_BYTES) + "\r\n\r\n")).contains("431");
    }

    @Test
    void pending_tellsWhetherTheNextRequestHasBegun() {
        Http1Decoder decoder = new Http1Decoder();
        byte[] one = "GET / HTTP/1.1\r\nHost: a\r\n\r\nGE".getBytes(StandardCharsets.ISO_8859_1);
        decoder.feed(one, 0, one.length);
        assertThat(decoder.next()).isInstanceOf(Http1Decoder.Head.class);
        assertThat(decoder.next()).isInstanceOf(Http1Decoder.BodyPart.class);
        assertThat(decoder.pending()).isTrue();
        assertThat(decoder.next()).isNull();
        assertThat(decoder.pending()).isTrue(); // "GE" kept
        Http1Decoder idle = new Http1Decoder();
        byte[] two = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        idle.feed(two, 0, two.length);
        idle.next();
        idle.next();
        assertThat(idle.pending()).isFalse();
    }

    @Test
    void headers_caseInsensitive_tokensAndNoValuesInToString() {
        List<String> events = decode("GET / HTTP/1.1\r\nAuthorization: secret-value\r\nconnection: Keep-Alive, Upgrade\r\n\r\n");
        assertThat(events.get(0)).contains("headers=2");
        Headers h = new Headers();
        h.add("Connection", "keep-alive, Upgrade");
        h.add("Authorization", "AWS4-HMAC-SHA256 Credential=secret");
        assertThat(h.containsToken("CONNECTION", "upgrade")).isTrue();
        assertThat(h.containsToken("Connection", "close")).isFalse();
        assertThat(h.get("authorization")).startsWith("AWS4");
        assertThat(h.toString()).doesNotContain("secret").contains("Authorization");
    }
}
