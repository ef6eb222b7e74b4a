package dev.pipeline.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stream service's dashboard ({@code GET /}) in a real headless Chromium ({@code src/test/node/dashboard.js}),
 * against the packaged services while events flow through the collector: the page loads with no console error
 * and asks no other origin, its {@code data-metric} figures change without a reload while data flows, and once
 * everything sent is stored or quarantined they are PostgreSQL's, {@code error/}'s and {@code /lag}'s numbers.
 * A quarantined record's hostile text is shown as text. The screenshot is the README's picture.
 */
@ExtendWith(SharedPipeline.class)
class DashboardIT {

    private static final Duration TRAFFIC = Duration.ofSeconds(16);
    private static final int SAMPLE_SECONDS = 12;
    /** What an invalid event of the traffic carries as its type: it ends up in a record the page shows. */
    private static final String HOSTILE = "<img src=x onerror=window.dashboardInjected=true>";

    @Test
    void theDashboardShowsThePipelinesFiguresLiveInABrowser(ClientPipeline pipeline, NodeProject node) throws Exception {
        String prefix = "dash-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt()) + "-";
        Path plans = Files.createDirectories(pipeline.runDir().resolve("plans"));
        Path quietFile = plans.resolve("dashboard-quiet.json");
        Files.deleteIfExists(quietFile);
        Path screenshot = Path.of(System.getProperty("client-tests.screenshot", "target/dashboard.png")).toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        ObjectNode plan = Plan.JSON.createObjectNode()
                .put("dashboard", pipeline.streamUrl().resolve("/").toString())
                .put("sampleSeconds", SAMPLE_SECONDS)
                .put("quietFile", quietFile.toString())
                .put("screenshot", screenshot.toString())
                .put("hostileMarker", HOSTILE);
        Path planFile = plans.resolve("dashboard.json");
        Plan.JSON.writeValue(planFile.toFile(), plan);

        AtomicLong accepted = new AtomicLong();
        CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> send(pipeline, prefix, accepted))
                .thenRun(() -> writeWhenQuiet(pipeline, prefix, accepted.get(), quietFile));
        JsonNode report = node.run("dashboard.js", planFile, Map.of("CHROMIUM", Chromium.executable().toString()));
        traffic.get();

        assertThat(report.path("errors")).as("console errors, failed requests, error answers (%s)", pipeline.whereToLook())
                .isEmpty();
        assertThat(report.path("foreignRequests")).as("requests to another origin").isEmpty();
        assertThat(report.path("contentSecurityPolicy").asText()).contains("default-src 'self'");
        assertThat(report.path("reloads").asInt()).as("the page was loaded once, never reloaded").isEqualTo(1);

        List<Long> rowsWhileFlowing = new ArrayList<>();
        report.path("samples").forEach(sample -> rowsWhileFlowing.add(sample.path("metrics").path("rows_total").asLong(-1)));
        Set<Long> distinct = new HashSet<>(rowsWhileFlowing);
        distinct.remove(-1L);
        assertThat(distinct).as("rows_total as the page showed it, a second apart, while events flowed: %s", rowsWhileFlowing)
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(report.path("samples")).as("rows_per_second while events flowed")
                .anySatisfy(sample -> assertThat(sample.path("metrics").path("rows_per_second").asLong()).isPositive());

        JsonNode expected = report.path("expected");
        JsonNode shown = report.path("final");
        JsonNode lag = report.path("lag");
        assertThat(expected.path("rows_total").asLong()).isPositive();
        for (String metric : List.of("rows_total", "quarantined_total", "funnel_view", "funnel_add_to_cart", "funnel_purchase")) {
            assertThat(shown.path(metric).asLong(-1)).as("%s on the page and in PostgreSQL / error/", metric)
                    .isEqualTo(expected.path(metric).asLong());
        }
        assertThat(shown.path("pending_files").asLong(-1)).as("pending_files, page and /lag").isEqualTo(lag.path("pending_files").asLong());
        assertThat(shown.path("e2e_p50_ms").asLong(-1)).as("e2e p50, page and /lag").isEqualTo(lag.path("e2e_latency_ms").path("p50").asLong());
        assertThat(shown.path("e2e_p99_ms").asLong(-1)).as("e2e p99, page and /lag").isEqualTo(lag.path("e2e_latency_ms").path("p99").asLong());

        assertThat(report.path("hostileShown").asBoolean()).as("the quarantined record's text shown as text").isTrue();
        assertThat(report.path("injected").asBoolean()).as("markup from data never became an element").isFalse();
        assertThat(screenshot).isNotEmptyFile();
    }

    /** Events for {@link #TRAFFIC}: ten requests a second of 50 events, one of them invalid with a hostile type. */
    private static void send(ClientPipeline pipeline, String prefix, AtomicLong accepted) {
        HttpClient http = HttpClient.newHttpClient();
        URI events = pipeline.collectorUrl().resolve("/events");
        String[] types = {"view", "view", "view", "view", "view", "view", "add_to_cart", "add_to_cart", "purchase"};
        long end = System.nanoTime() + TRAFFIC.toNanos();
        int n = 0;
        try {
            while (System.nanoTime() < end) {
                StringBuilder body = new StringBuilder();
                for (int i = 0; i < 49; i++, n++) {
                    body.append(event(prefix + n, prefix + "u" + (n % 40), types[n % types.length],
                            prefix + "p" + (n % 13), String.valueOf(5 + n % 7) + ".99"));
                }
                body.append(event(prefix + "bad" + n, prefix + "u0", HOSTILE, prefix + "p0", "1.00"));
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(events)
                        .header("Content-Type", "application/x-ndjson")
                        .header("X-API-Key", ClientPipeline.WRITE_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as("the collector's answer: %s", answer.body()).isEqualTo(202);
                accepted.addAndGet(Plan.JSON.readTree(answer.body()).path("accepted").asLong());
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new IllegalStateException("sending to " + events, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String event(String id, String user, String type, String product, String price) {
        ObjectNode event = Plan.JSON.createObjectNode().put("event_id", id).put("user_id", user).put("event_type", type)
                .put("product_id", product).put("price", price).put("event_timestamp", Instant.now().toString());
        return event + "\n";
    }

    /**
     * Once every accepted event is in PostgreSQL, nothing waits in {@code raw/} and the quarantine has stopped
     * growing, writes what the page must then show: PostgreSQL's and {@code error/}'s numbers.
     */
    private static void writeWhenQuiet(ClientPipeline pipeline, String prefix, long accepted, Path quietFile) {
        try {
            await("every accepted event stored").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> pipeline.queryNumber("SELECT count(*) FROM user_events WHERE event_id LIKE '" + prefix + "%'")
                            == accepted);
            AtomicLong lines = new AtomicLong(-1);
            await("raw/ empty and error/ no longer growing").atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> pipeline.streamLag().path("pending_files").asLong() == 0
                            && lines.getAndSet(quarantineLines(pipeline)) == lines.get());
            ObjectNode expected = Plan.JSON.createObjectNode()
                    .put("rows_total", pipeline.queryNumber("SELECT count(*) FROM user_events"))
                    .put("quarantined_total", quarantineLines(pipeline));
            for (String type : List.of("view", "add_to_cart", "purchase")) {
                expected.put("funnel_" + type, pipeline.queryNumber("SELECT count(*) FROM user_events WHERE event_type = '"
                        + type + "' AND event_timestamp >= now() - interval '1 hour' AND event_timestamp <= now()"));
            }
            Path written = Files.writeString(quietFile.resolveSibling(quietFile.getFileName() + ".tmp"), expected.toString());
            Files.move(written, quietFile);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("writing " + quietFile, e);
        }
    }

    /** Lines of every published file of {@code error/}, the collector's and the stream's. */
    private static long quarantineLines(ClientPipeline pipeline) throws IOException {
        Path error = pipeline.runDir().resolve("data/error");
        if (!Files.isDirectory(error)) {
            return 0;
        }
        long lines = 0;
        try (Stream<Path> files = Files.list(error)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".ndjson")
                    && !f.getFileName().toString().startsWith(".")).toList()) {
                byte[] content = Files.readAllBytes(file);
                for (byte b : content) {
                    if (b == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }
}
