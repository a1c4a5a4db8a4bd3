package io.github.hsmkeystore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
    private static String result(String benchmark, String mode, String keyStore, double score, String unit, String percentiles) {
        return "{\"benchmark\":\"io.github.hsmkeystore.bench." + benchmark + "\",\"mode\":\"" + mode + "\","
                + "\"params\":{\"keyStore\":\"" + keyStore + "\"},"
                + "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":1.0,\"scoreUnit\":\"" + unit + "\""
                + (percentiles == null ? "" : ",\"scorePercentiles\":" + percentiles) + "}}";
    }

    @Test
    void report_pairsSidesAndComputesRatios(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("jmh.json");
        Files.writeString(json, "[" + String.join(",",
                result("KmsBenchmark.encrypt", "thrpt", "STANDARD", 2000, "ops/s", null),
                result("KmsBenchmark.encrypt", "thrpt", "CUSTOM_KEY_STORE", 1000, "ops/s", null),
                result("KmsBenchmark.encrypt", "sample", "STANDARD", 0.5, "ms/op", "{\"50.0\":0.4,\"99.0\":1.0}"),
                result("KmsBenchmark.encrypt", "sample", "CUSTOM_KEY_STORE", 1.0, "ms/op", "{\"50.0\":0.8,\"99.0\":3.0}"))
                + "]");
        List<BenchReport.Row> rows = BenchReport.read(json);
        assertThat(rows).hasSize(2);
        BenchReport.Row std = rows.stream().filter(r -> r.side().equals("STANDARD")).findFirst().orElseThrow();
        assertThat(std.opsPerSecond()).isEqualTo(2000);
        assertThat(std.p50Micros()).isEqualTo(400);
        assertThat(std.p99Micros()).isEqualTo(1000);
        String md = BenchReport.markdown(rows);
        assertThat(md).contains("Kms.encrypt").contains("| 0.50 |").contains("| 2.00 |").contains("400 / 1,000");

        BenchReport.write(json, dir.resolve("out"));
        assertThat(dir.resolve("out/report.md")).content().contains("CUSTOM_KEY_STORE");
        BufferedImage png = ImageIO.read(dir.resolve("out/chart.png").toFile());
        assertThat(png.getWidth()).isGreaterThan(100);
    }

    @Test
    void read_sampleOnly_derivesThroughputFromMeanAndMarksIt(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("jmh.json");
        Files.writeString(json, "[" + result("KmsBenchmark.encrypt", "sample", "STANDARD", 0.25, "ms/op",
                "{\"50.0\":0.2,\"99.0\":0.9}") + "]");

        BenchReport.Row row = BenchReport.read(json).get(0);

        assertThat(row.opsPerSecond()).isCloseTo(4000, org.assertj.core.data.Offset.offset(0.001));
        assertThat(row.derived()).isTrue();
        assertThat(BenchReport.markdown(List.of(row))).contains("~4,000");
    }

    @Test
    void overhead_typedAndRawPairs_rawOverTypedThroughputPerSide() {
        List<BenchReport.Row> rows = List.of(
                new BenchReport.Row("LibraryOverhead.typedGet", "STANDARD", 950, 1, 300, 900),
                new BenchReport.Row("LibraryOverhead.rawGet", "STANDARD", 1000, 1, 285, 800),
                new BenchReport.Row("LibraryOverhead.typedGet", "CUSTOM_KEY_STORE", 1000, 1, 300, 900),
                new BenchReport.Row("LibraryOverhead.rawGet", "CUSTOM_KEY_STORE", 1000, 1, 300, 900),
                new BenchReport.Row("TypedTable.get", "STANDARD", 1000, 1, 300, 900));

        String md = BenchReport.overhead(rows);

        assertThat(md).contains("| LibraryOverhead.typedGet | STANDARD | 950 ± 1.0 | 1,000 ± 1.0 | 1.05 | 1.05 |")
                .contains("| LibraryOverhead.typedGet | CUSTOM_KEY_STORE | 1,000 ± 1.0 | 1,000 ± 1.0 | 1.00 | 1.00 |")
                .doesNotContain("TypedTable");
    }
}
