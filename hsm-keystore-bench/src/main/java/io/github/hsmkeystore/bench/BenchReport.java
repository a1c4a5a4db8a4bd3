package io.github.hsmkeystore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Turns a JMH JSON result into the report of "what does the HSM cost?": a markdown table with, for each operation,
 * throughput and p50/p99 latency of the STANDARD and CUSTOM_KEY_STORE sides and their ratio, and a bar chart (PNG).
 * Benchmarks without a {@code keyStore} parameter are listed on their own rows.
 */
public final class BenchReport {
    static final String STANDARD = "STANDARD";
    static final String CUSTOM = "CUSTOM_KEY_STORE";

    /**
     * One operation on one side: throughput (ops/s) and latency percentiles (microseconds), NaN when not measured;
     * {@code derived} when the throughput is 1 / the SampleTime mean (no Throughput trial, as in {@code --quick}).
     */
    record Row(String operation, String side, double opsPerSecond, double opsError, double p50Micros, double p99Micros,
               boolean derived) {
        Row(String operation, String side, double opsPerSecond, double opsError, double p50Micros, double p99Micros) {
            this(operation, side, opsPerSecond, opsError, p50Micros, p99Micros, false);
        }
    }

    private BenchReport() {
    }

    /** Reads a JMH JSON result file ({@code -rf json}). */
    static List<Row> read(Path jmhJson) throws IOException {
        JsonNode results = new ObjectMapper().readTree(jmhJson.toFile());
        Map<String, double[]> byKey = new LinkedHashMap<>();
        for (JsonNode r : results) {
            String operation = shortName(r.get("benchmark").asText());
            JsonNode params = r.get("params");
            String side = params != null && params.has("keyStore") ? params.get("keyStore").asText() : "-";
            if (params != null) {
                var it = params.fields();
                while (it.hasNext()) {
                    var e = it.next();
                    if (!e.getKey().equals("keyStore")) {
                        operation += " " + e.getKey() + "=" + e.getValue().asText();
                    }
                }
            }
            double[] v = byKey.computeIfAbsent(operation + "\u0000" + side,
                    k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0});
            JsonNode metric = r.get("primaryMetric");
            String mode = r.get("mode").asText();
            String unit = metric.get("scoreUnit").asText();
            if (mode.equals("thrpt")) {
                double scale = perSecond(unit);
                v[0] = metric.get("score").asDouble() * scale;
                v[1] = metric.get("scoreError").asDouble() * scale;
                v[4] = 0;
            } else if (mode.equals("sample") || mode.equals("avgt") || mode.equals("ss")) {
                double toMicros = micros(unit);
                JsonNode pct = metric.get("scorePercentiles");
                if (pct != null && pct.has("50.0")) {
                    v[2] = pct.get("50.0").asDouble() * toMicros;
                    v[3] = pct.get("99.0").asDouble() * toMicros;
                } else {
                    v[2] = metric.get("score").asDouble() * toMicros;
                }
                if (mode.equals("sample") && Double.isNaN(v[0])) {
                    // one thread: ops/s = 1 / mean time per op (a Throughput result, if any, replaces it)
                    v[0] = 1_000_000 / (metric.get("score").asDouble() * toMicros);
                    v[4] = 1;
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        byKey.forEach((key, v) -> {
            String[] parts = key.split("\u0000");
            rows.add(new Row(parts[0], parts[1], v[0], v[4] == 1 ? Double.NaN : v[1], v[2], v[3], v[4] == 1));
        });
        return rows;
    }

    private static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2].replace("Benchmark", "") + "." + parts[parts.length - 1] : benchmark;
    }

    private static double perSecond(String unit) {
        return switch (unit) {
            case "ops/ms" -> 1_000;
            case "ops/us" -> 1_000_000;
            case "ops/min" -> 1.0 / 60;
            default -> 1;
        };
    }

    private static double micros(String unit) {
        return switch (unit) {
            case "ms/op" -> 1_000;
            case "s/op" -> 1_000_000;
            case "ns/op" -> 0.001;
            default -> 1;
        };
    }

    /** The markdown table: one line per operation, both sides and the CUSTOM_KEY_STORE / STANDARD ratios. */
    static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| operation | STANDARD ops/s | CUSTOM_KEY_STORE ops/s | throughput ratio (custom/standard) | ")
                .append("STANDARD p50 / p99 (us) | CUSTOM_KEY_STORE p50 / p99 (us) | p50 latency ratio (custom/standard) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        Map<String, Map<String, Row>> byOperation = group(rows);
        byOperation.forEach((operation, sides) -> {
            Row std = sides.get(STANDARD);
            Row cks = sides.get(CUSTOM);
            if (std == null && cks == null) {
                sides.values().forEach(r -> md.append("| ").append(operation).append(" (").append(r.side()).append(") | ")
                        .append(ops(r)).append(" | | | ").append(latency(r)).append(" | | |\n"));
                return;
            }
            md.append("| ").append(operation).append(" | ").append(ops(std)).append(" | ").append(ops(cks)).append(" | ")
                    .append(ratio(cks == null ? Double.NaN : cks.opsPerSecond(), std == null ? Double.NaN : std.opsPerSecond()))
                    .append(" | ").append(latency(std)).append(" | ").append(latency(cks)).append(" | ")
                    .append(ratio(cks == null ? Double.NaN : cks.p50Micros(), std == null ? Double.NaN : std.p50Micros()))
                    .append(" |\n");
        });
        return md.toString();
    }

    private static Map<String, Map<String, Row>> group(List<Row> rows) {
        Map<String, Map<String, Row>> byOperation = new LinkedHashMap<>();
        for (Row r : rows) {
            byOperation.computeIfAbsent(r.operation(), k -> new LinkedHashMap<>()).put(r.side(), r);
        }
        return byOperation;
    }

    private static String ops(Row r) {
        if (r == null || Double.isNaN(r.opsPerSecond())) {
            return "n/a";
        }
        if (r.derived()) {
            return "~" + fmt(r.opsPerSecond());
        }
        return Double.isNaN(r.opsError()) ? fmt(r.opsPerSecond()) : fmt(r.opsPerSecond()) + " ± " + fmt(r.opsError());
    }

    private static String latency(Row r) {
        if (r == null || Double.isNaN(r.p50Micros())) {
            return "n/a";
        }
        return fmt(r.p50Micros()) + " / " + (Double.isNaN(r.p99Micros()) ? "n/a" : fmt(r.p99Micros()));
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** A grouped bar chart of throughput, STANDARD next to CUSTOM_KEY_STORE for each operation. */
    static void chart(List<Row> rows, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, Map<String, Row>> byOperation = group(rows);
        int width = Math.max(640, 140 * byOperation.size() + 160);
        int height = 420;
        int left = 90;
        int bottom = 110;
        int top = 50;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double max = rows.stream().mapToDouble(Row::opsPerSecond).filter(d -> !Double.isNaN(d)).max().orElse(1);
        int plotHeight = height - top - bottom;
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Throughput (ops/s): STANDARD vs CUSTOM_KEY_STORE", left, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawLine(left, top, left, top + plotHeight);
        g.drawLine(left, top + plotHeight, width - 20, top + plotHeight);
        for (int i = 0; i <= 4; i++) {
            int y = top + plotHeight - plotHeight * i / 4;
            g.drawString(fmt(max * i / 4), 5, y + 4);
            g.setStroke(new BasicStroke(0.5f));
            g.setColor(Color.LIGHT_GRAY);
            g.drawLine(left + 1, y, width - 20, y);
            g.setColor(Color.DARK_GRAY);
        }
        Color std = new Color(0x4C72B0);
        Color cks = new Color(0xDD8452);
        int x = left + 20;
        for (var e : byOperation.entrySet()) {
            int bar = 40;
            int i = 0;
            for (String side : List.of(STANDARD, CUSTOM, "-")) {
                Row r = e.getValue().get(side);
                if (r == null || Double.isNaN(r.opsPerSecond())) {
                    continue;
                }
                int h = (int) Math.round(plotHeight * r.opsPerSecond() / max);
                g.setColor(side.equals(CUSTOM) ? cks : std);
                g.fillRect(x + i * (bar + 4), top + plotHeight - h, bar, h);
                i++;
            }
            g.setColor(Color.DARK_GRAY);
            drawWrapped(g, e.getKey(), x, top + plotHeight + 15, 130);
            x += 140;
        }
        g.setColor(std);
        g.fillRect(width - 250, height - 25, 12, 12);
        g.setColor(Color.DARK_GRAY);
        g.drawString("STANDARD", width - 233, height - 15);
        g.setColor(cks);
        g.fillRect(width - 150, height - 25, 12, 12);
        g.setColor(Color.DARK_GRAY);
        g.drawString("CUSTOM_KEY_STORE", width - 133, height - 15);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void drawWrapped(Graphics2D g, String text, int x, int y, int width) {
        StringBuilder line = new StringBuilder();
        int lineY = y;
        for (String word : text.split("(?<=[. ])")) {
            if (g.getFontMetrics().stringWidth(line + word) > width && line.length() > 0) {
                g.drawString(line.toString(), x, lineY);
                lineY += 13;
                line.setLength(0);
            }
            line.append(word);
        }
        g.drawString(line.toString(), x, lineY);
    }

    /**
     * The library's overhead: for each pair of operations {@code X.typedY} / {@code X.rawY} on the same side, the raw
     * enhanced client's throughput over the typed table's (1.05 = the library costs 5% more time per call).
     */
    static String overhead(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        for (Row typed : rows) {
            int dot = typed.operation().indexOf(".typed");
            if (dot < 0) {
                continue;
            }
            String rawName = typed.operation().substring(0, dot) + ".raw" + typed.operation().substring(dot + ".typed".length());
            Row raw = rows.stream().filter(r -> r.operation().equals(rawName) && r.side().equals(typed.side())).findFirst().orElse(null);
            if (raw == null) {
                continue;
            }
            if (md.length() == 0) {
                md.append("| typed vs raw | side | typed ops/s | raw ops/s | time per call, typed / raw | typed p50 / raw p50 |\n");
                md.append("|---|---|---:|---:|---:|---:|\n");
            }
            md.append("| ").append(typed.operation()).append(" | ").append(typed.side()).append(" | ").append(ops(typed))
                    .append(" | ").append(ops(raw)).append(" | ").append(ratio(raw.opsPerSecond(), typed.opsPerSecond()))
                    .append(" | ").append(ratio(typed.p50Micros(), raw.p50Micros())).append(" |\n");
        }
        return md.toString();
    }

    /** Writes {@code report.md} and {@code chart.png} beside the JMH JSON in {@code dir}. */
    static void write(Path jmhJson, Path dir) throws IOException {
        write(jmhJson, dir, null);
    }

    /** Writes {@code report.md} (with {@code notes} on the run, if not null) and {@code chart.png} in {@code dir}. */
    static void write(Path jmhJson, Path dir, String notes) throws IOException {
        List<Row> rows = read(jmhJson);
        Files.createDirectories(dir);
        String overhead = overhead(rows);
        String md = "# What does the HSM cost?\n\nJMH result: `" + jmhJson.getFileName() + "`\n\n"
                + (notes == null ? "" : notes + "\n\n") + markdown(rows)
                + (overhead.isEmpty() ? "" : "\nLibrary overhead (goal: at most 1.05):\n\n" + overhead)
                + (rows.stream().anyMatch(Row::derived) ? "\n~ ops/s: 1 / mean time per call of the SampleTime trial (one thread;"
                        + " no Throughput trial in this run).\n" : "")
                + "\nLocal figures measure the library, the emulator and (with the PKCS#11 backend) the token, not AWS.\n";
        Files.writeString(dir.resolve("report.md"), md);
        chart(rows, dir.resolve("chart.png"));
    }
}
