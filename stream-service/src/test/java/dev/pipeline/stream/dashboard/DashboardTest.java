package dev.pipeline.stream.dashboard;

import static dev.pipeline.stream.RawFolder.publishCsv;
import static dev.pipeline.stream.RawFolder.row;
import static dev.pipeline.stream.RawFolder.rows;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import dev.pipeline.stream.EventsTable;
import dev.pipeline.stream.RawFolder;
import dev.pipeline.stream.StreamTestResource;
import dev.pipeline.stream.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code GET /} and {@code GET /dashboard.json} of the running service, against PostgreSQL and {@code error/}. */
@QuarkusTest
@WithTestResource(StreamTestResource.class)
class DashboardTest {

    private static final List<String> METRICS = List.of("rows_total", "rows_per_second", "pending_files", "e2e_p50_ms",
            "e2e_p99_ms", "quarantined_total", "funnel_view", "funnel_add_to_cart", "funnel_purchase");

    @Test
    void thePageIsStaticLoadsOnlyItsOwnFilesAndAllowsNothingElse() {
        String page = given().get("/").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("X-Content-Type-Options", "nosniff")
                .extract().asString();
        METRICS.forEach(metric -> assertThat(page).contains("data-metric=\"" + metric + "\""));
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).as("every script is a file of this origin").containsPattern("src=\"/[^/]");
            assertThat(scripts.group(2)).as("no inline script").isBlank();
        }
        assertThat(count).isEqualTo(2);
        assertThat(page).doesNotContainPattern("(src|href)=\"(https?:)?//").doesNotContain("style=")
                .doesNotContainPattern("\\son[a-z]+=");
        Matcher assets = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(page);
        while (assets.find()) {
            given().get(assets.group(1)).then().statusCode(200);
        }
    }

    @Test
    void theScriptWritesDataAsTextOnly() {
        String script = given().get("/dashboard/dashboard.js").then().statusCode(200).extract().asString();
        assertThat(script).contains("textContent")
                .doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("eval(").doesNotContain("new Function");
    }

    @Test
    void theFiguresAgreeWithPostgresqlAndTheQuarantine() {
        String p = RawFolder.uniquePrefix();
        String hostile = "<img src=x onerror=alert(1)>";
        publishCsv(p + "dash.csv", rows(p, 0, 30)
                + row(p + "c1").replace(",view,", ",add_to_cart,")
                + row(p + "b1").replace(",view,", ",purchase,")
                + row(p + "x1").replace(",view,", "," + hostile + ","));
        await().atMost(Duration.ofSeconds(60)).until(() -> EventsTable.count(p) == 32);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            JsonPath view = given().get("/dashboard.json").then().statusCode(200)
                    .header("Cache-Control", "no-store").extract().jsonPath();
            assertThat(view.getLong("rows_total")).isEqualTo(query("SELECT count(*) FROM user_events"));
            assertThat(view.getLong("funnel.view")).isEqualTo(lastHour("view"));
            assertThat(view.getLong("funnel.add_to_cart")).isEqualTo(lastHour("add_to_cart"));
            assertThat(view.getLong("funnel.purchase")).isEqualTo(lastHour("purchase"));
            assertThat(view.getLong("quarantined_total")).isEqualTo(quarantineLines());
            assertThat(view.getLong("pending_files")).isZero();
            assertThat(view.getBoolean("health.query_active")).isTrue();
            assertThat(view.getBoolean("health.postgres_ok")).isTrue();
            List<Map<String, String>> latest = view.getList("latest_quarantined");
            assertThat(latest).as("the hostile row comes back as the very text it was, for the page to show as text")
                    .anySatisfy(record -> {
                        assertThat(record.get("raw")).contains(hostile);
                        assertThat(record.get("source")).contains(p + "dash.csv");
                    });
            assertThat(view.getMap("quarantined_by_reason")).containsKey("event_type_unknown");
            assertThat(view.getList("history.t")).isNotEmpty();
        });
    }

    private static long lastHour(String type) throws SQLException {
        return query("SELECT count(*) FROM user_events WHERE event_type = '" + type + "'"
                + " AND event_timestamp >= now() - interval '1 hour' AND event_timestamp <= now()");
    }

    private static long query(String sql) throws SQLException {
        try (Connection connection = TestPostgres.get().connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Lines of every published file of error/, as {@code wc -l} counts them. */
    private static long quarantineLines() throws IOException {
        Path error = RawFolder.dataDir().resolve("error");
        try (Stream<Path> files = Files.list(error)) {
            long lines = 0;
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".ndjson")
                    && !f.getFileName().toString().startsWith(".")).toList()) {
                lines += new String(Files.readAllBytes(file), StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
            }
            return lines;
        }
    }
}
