package dev.pipeline.collector.hostile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.collector.CollectorTestData;
import dev.pipeline.collector.DataFolder;
import dev.pipeline.collector.Events;
import dev.pipeline.collector.hostile.HostileRequest.RoundTrip;
import dev.pipeline.model.UserEvent;
import dev.pipeline.model.validation.Reason;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sends every class of {@link HostileCorpus} to its path ({@code POST /events}, or a tracker path of
 * {@link TrackerCorpus}) and checks the answer against the contract (status, body shape, reason
 * codes); then checks that the collector is still ready and stored exactly what it acknowledged:
 * nothing of a refused body, the valid events of a parseable one in {@code raw/} (read back with an
 * independent RFC 4180 reader), its invalid ones (and a tracker's unmapped calls) in {@code error/}
 * with their original text.
 */
@QuarkusTest
@QuarkusTestResource(CollectorTestData.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileRequestsTest {

    private static final List<HostileRequest> CORPUS = HostileCorpus.build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REASON = Pattern.compile("([a-z_]+): .+", Pattern.DOTALL);
    private static final Set<String> CODES = Arrays.stream(Reason.values()).map(Reason::code).collect(Collectors.toSet());
    /** Messages quote values cut short, so a hostile value can neither flood an answer nor a log. */
    private static final int MAX_REASON_CHARS = 300;

    @ConfigProperty(name = "pipeline.data-dir")
    Path dataDir;

    static Stream<HostileRequest> corpus() {
        return CORPUS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Order(1)
    void answersAsTheContractSays(HostileRequest request) throws IOException {
        HostileClient.Answer answer = HostileClient.send(RestAssured.baseURI + ":" + RestAssured.port, request);
        assertThat(answer.status()).as("status; body %s", answer.text()).isEqualTo(request.status());
        if (request.deviation() != null) {
            // Reported, not ours to fix: the status and the files are checked, the body is not.
            return;
        }
        switch (request.answer()) {
            case SNOWPLOW_OK -> {
                assertThat(answer.text()).isEqualTo("ok");
                return;
            }
            case PIXEL -> {
                assertThat(answer.contentType()).isEqualTo("image/gif");
                assertThat(answer.text()).startsWith("GIF89a");
                return;
            }
            default -> assertThat(answer.contentType()).as("body %s", answer.text()).startsWith("application/json");
        }
        JsonNode body = JSON.readTree(answer.body());
        if (request.expectsError()) {
            assertThat(fieldNames(body)).containsExactly("error");
            assertThat(body.get("error").isTextual()).isTrue();
            assertThat(body.get("error").asText()).contains(request.errorPart());
            return;
        }
        if (request.answer() == HostileRequest.Answer.SEGMENT_SUCCESS) {
            assertThat(answer.text()).isEqualTo("{\"success\":true}");
            return;
        }
        assertThat(fieldNames(body)).containsExactly("accepted", "rejected", "errors");
        assertThat(body.get("accepted").asInt()).as("accepted; body %s", body).isEqualTo(request.accepted());
        assertThat(body.get("rejected").asInt()).as("rejected; body %s", body).isEqualTo(request.rejected());
        JsonNode errors = body.get("errors");
        assertThat(errors.size()).isEqualTo(Math.min(100, request.rejected()));
        List<String> codes = new ArrayList<>();
        int lastIndex = -1;
        for (JsonNode error : errors) {
            assertThat(fieldNames(error)).containsExactly("index", "reason");
            int index = error.get("index").asInt();
            assertThat(index).isGreaterThan(lastIndex).isLessThan(request.accepted() + request.rejected());
            lastIndex = index;
            String reason = error.get("reason").asText();
            assertThat(reason.length()).as(reason).isLessThanOrEqualTo(MAX_REASON_CHARS);
            Matcher matcher = REASON.matcher(reason);
            assertThat(matcher.matches()).as("reason %s is 'code: message'", reason).isTrue();
            assertThat(CODES).contains(matcher.group(1));
            codes.add(matcher.group(1));
        }
        assertThat(codes).as("reason codes; body %s", body).isEqualTo(request.reasons());
    }

    @Test
    @Order(2)
    void afterTheCorpusTheCollectorIsReadyAndStoredExactlyWhatItAcknowledged() {
        assertThat(CORPUS).hasSizeGreaterThanOrEqualTo(40);
        assertThat(CORPUS.stream().map(HostileRequest::name).distinct()).hasSameSizeAs(CORPUS);
        given().get("/q/health/ready").then().statusCode(200);

        // The writer is first in, first out: once a later request is published, all of the corpus is.
        DataFolder data = new DataFolder(dataDir);
        String good = Events.uniqueId("hostile-sentinel");
        String bad = Events.uniqueId("hostile-sentinel-bad");
        given().contentType("application/json")
                .body(Events.array(List.of(Events.json(good), Events.json(bad, "u", "p", "-1"))).getBytes(StandardCharsets.UTF_8))
                .post("/events").then().statusCode(202);
        data.awaitRaw(List.of(good));
        data.awaitQuarantined(bad, 1);

        List<UserEvent> raw = data.rawEvents();
        List<JsonNode> quarantine = data.quarantine();
        Map<String, List<String>> rawRows = rawRowsById(data);
        for (HostileRequest request : CORPUS) {
            String marker = request.marker();
            long stored = raw.stream().filter(e -> e.eventId().contains(marker) || e.userId().contains(marker)).count();
            List<JsonNode> quarantined = quarantine.stream().filter(r -> r.path("raw").asText().contains(marker)).toList();
            if (request.expectsError()) {
                assertThat(stored).as("%s: events in raw/ of a refused body", request).isZero();
                assertThat(quarantined).as("%s: records in error/ of a refused body", request).isEmpty();
                continue;
            }
            assertThat(stored).as("%s: events in raw/", request).isEqualTo(request.accepted());
            assertThat(quarantined).as("%s: records in error/", request).hasSize(request.rejected());
            String decoded = new String(request.decoded(), StandardCharsets.UTF_8);
            for (JsonNode record : quarantined) {
                assertThat(decoded).as("%s: quarantined text is the original", request).contains(record.get("raw").asText());
            }
            assertThat(quarantined.stream().map(r -> r.get("reason_code").asText()).toList())
                    .as("%s: quarantined reasons", request).isEqualTo(request.reasons());
            if (!request.kept().isEmpty()) {
                List<String> texts = quarantined.stream().map(r -> r.get("raw").asText()).toList();
                assertThat(texts.size()).as("%s: records in error/", request).isEqualTo(request.kept().size());
                for (int i = 0; i < texts.size(); i++) {
                    // Compared as lengths first: a failing 5 MB text would drown the report.
                    assertThat(texts.get(i).length()).as("%s: length of record %d in error/", request, i)
                            .isEqualTo(request.kept().get(i).length());
                    assertThat(texts.get(i).equals(request.kept().get(i))).as("%s: record %d in error/ is the call whole", request, i)
                            .isTrue();
                }
            }
            for (RoundTrip trip : request.roundTrips()) {
                List<String> row = rawRows.get(trip.eventId());
                assertThat(row).as("%s: row of %s in raw/", request, trip.eventId()).isNotNull();
                assertThat(row.get(1)).as("%s: user_id in raw/", request).isEqualTo(trip.userId());
                assertThat(row.get(3)).as("%s: product_id in raw/", request).isEqualTo(trip.productId());
            }
        }

        given().get("/q/health/ready").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count") && l.contains("status=\"500\"")))
                .as("requests answered 500").isEmpty();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(given().get("/q/metrics").asString())
                .as("request bodies left in memory").contains("collector_inflight_bytes 0.0"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every row of raw/ by event id, split by {@link #splitCsv}, not by the collector's own CSV code. */
    private static Map<String, List<String>> rawRowsById(DataFolder data) {
        Map<String, List<String>> rows = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Path file : data.files("raw")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String line : lines.subList(1, lines.size())) {
                List<String> row = splitCsv(line);
                assertThat(row).as("fields of %s", line).hasSize(7);
                if (seen.add(row.get(0))) {
                    rows.put(row.get(0), row);
                }
            }
        }
        return rows;
    }

    /** RFC 4180 for one line: fields split at commas outside quotes; in quotes, {@code ""} is a quote. */
    static List<String> splitCsv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
