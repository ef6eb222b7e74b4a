package dev.pipeline.collector.api;

import static dev.pipeline.collector.Events.array;
import static dev.pipeline.collector.Events.json;
import static dev.pipeline.collector.Events.uniqueId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.collector.CollectorTestData;
import dev.pipeline.collector.DataFolder;
import dev.pipeline.collector.Events;
import dev.pipeline.model.UserEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Every answer of POST /events in the contract, checked over real HTTP against the files it leaves. */
@QuarkusTest
@QuarkusTestResource(CollectorTestData.class)
class EventsRouteTest {

    @ConfigProperty(name = "pipeline.data-dir")
    Path dataDir;

    private DataFolder data() {
        return new DataFolder(dataDir);
    }

    private static RequestSpecification post(String contentType, String body) {
        return given().contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oneObjectIsAcceptedAndLandsInRaw() {
        String id = uniqueId("single");
        post("application/json", json(id)).post("/events").then()
                .statusCode(202)
                .body("accepted", equalTo(1)).body("rejected", equalTo(0)).body("errors", hasSize(0));

        UserEvent stored = data().awaitRaw(List.of(id)).get(0);
        assertThat(stored.userId()).isEqualTo("u-1");
        assertThat(stored.price()).isEqualTo(new BigDecimal("19.99"));
        assertThat(stored.eventTimestamp()).isEqualTo(Instant.parse("2026-11-24T10:15:30.123Z"));
        assertThat(stored.receivedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
    }

    @Test
    void mixedBatchStoresValidEventsAndQuarantinesTheRestWithReasons() {
        String good = uniqueId("mixed-good");
        String badPrice = uniqueId("mixed-scale");
        String badType = uniqueId("mixed-type");
        String body = array(List.of(
                json(good),
                json(badPrice, "u", "p", "19.999"),
                json(badType).replace("\"view\"", "\"click\"")));

        post("application/json", body).post("/events").then()
                .statusCode(202)
                .body("accepted", equalTo(1)).body("rejected", equalTo(2))
                .body("errors[0].index", equalTo(1))
                .body("errors[0].reason", equalTo("price_scale: price 19.999 has more than 2 decimals"))
                .body("errors[1].index", equalTo(2))
                .body("errors[1].reason", containsString("event_type_unknown: "));

        assertThat(data().awaitRaw(List.of(good))).hasSize(1);
        JsonNode scale = data().awaitQuarantined(badPrice, 1).get(0);
        assertThat(scale.get("reason").asText()).isEqualTo("price_scale: price 19.999 has more than 2 decimals");
        assertThat(scale.get("reason_code").asText()).isEqualTo("price_scale");
        assertThat(scale.get("source").asText()).startsWith("collector ").endsWith("event 1");
        assertThat(scale.get("raw").asText()).isEqualTo(json(badPrice, "u", "p", "19.999"));
        assertThat(data().rawEvents(List.of(badPrice, badType))).isEmpty();
    }

    @Test
    void batchWithNoValidEventIsRefusedButStillQuarantined() {
        String id = uniqueId("all-bad");
        post("application/json", array(List.of(json(id, "u", "p", "-1")))).post("/events").then()
                .statusCode(400)
                .body("accepted", equalTo(0)).body("rejected", equalTo(1))
                .body("errors[0].reason", containsString("price_range: "));

        assertThat(data().awaitQuarantined(id, 1).get(0).get("reason_code").asText()).isEqualTo("price_range");
    }

    @Test
    void ndjsonSkipsBlankLinesAndCountsEventsNotLines() {
        List<String> ids = Events.ids("ndjson", 3);
        String body = "\n" + json(ids.get(0)) + "\r\n\n" + json(ids.get(1)) + "\n   \n" + json(ids.get(2), "u", "p", "1.001");

        post("application/x-ndjson", body).post("/events").then()
                .statusCode(202)
                .body("accepted", equalTo(2)).body("rejected", equalTo(1))
                .body("errors[0].index", equalTo(2));

        assertThat(data().awaitRaw(ids.subList(0, 2))).hasSize(2);
        assertThat(data().awaitQuarantined(ids.get(2), 1).get(0).get("raw").asText())
                .isEqualTo(json(ids.get(2), "u", "p", "1.001"));
    }

    @Test
    void gzipBodiesAreDecompressed() throws IOException {
        String id = uniqueId("gzip");
        given().contentType("application/json").header("Content-Encoding", "gzip")
                .body(gzip(array(List.of(json(id)))))
                .post("/events").then().statusCode(202).body("accepted", equalTo(1));

        assertThat(data().awaitRaw(List.of(id))).hasSize(1);
    }

    @Test
    void trickyValuesSurviveTheHopToCsvUnchanged() {
        List<String> tricky = List.of("a,b", "say \"hi\"", " leading", "trailing ", "   ", "Zoë Çelik",
                "\uD83D\uDED2 cart", "\u202Eright-to-left", "e\u0301", "=SUM(A1:A9)", "+1", "-2", "@cmd", "'quoted'",
                "back\\slash", "x".repeat(64), "\uD83D\uDE00".repeat(64));
        List<String> ids = Events.ids("tricky", tricky.size());
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < tricky.size(); i++) {
            objects.add(json(ids.get(i), tricky.get(i), tricky.get(tricky.size() - 1 - i), "0.10"));
        }
        post("application/json", array(objects)).post("/events").then()
                .statusCode(202).body("accepted", equalTo(tricky.size()));

        List<UserEvent> stored = data().awaitRaw(ids);
        for (int i = 0; i < tricky.size(); i++) {
            String id = ids.get(i);
            UserEvent event = stored.stream().filter(e -> e.eventId().equals(id)).findFirst().orElseThrow();
            assertThat(event.userId()).isEqualTo(tricky.get(i));
            assertThat(event.productId()).isEqualTo(tricky.get(tricky.size() - 1 - i));
        }
    }

    @Test
    void controlCharactersAreRejectedNotStored() {
        String id = uniqueId("control");
        post("application/json", array(List.of(json(id, "line\nbreak", "p", "1"), json(uniqueId("ok")))))
                .post("/events").then()
                .statusCode(202)
                .body("errors[0].reason", containsString("control_character: user_id contains control character U+000A"));
    }

    @Test
    void errorListIsCappedAt100() {
        List<String> objects = new ArrayList<>();
        objects.add(json(uniqueId("cap-good")));
        for (String id : Events.ids("cap-bad", 150)) {
            objects.add(json(id, "u", "p", "-5"));
        }
        post("application/json", array(objects)).post("/events").then()
                .statusCode(202)
                .body("accepted", equalTo(1)).body("rejected", equalTo(150))
                .body("errors", hasSize(100));
    }

    @Test
    void unreadableBodiesAreRefusedWholeAndNothingIsWritten() {
        String id = uniqueId("unreadable");
        assertBadRequest("application/json", "[" + json(id) + ",", "invalid JSON");
        assertBadRequest("application/json", "", "empty");
        assertBadRequest("application/json", "[]", "no events");
        assertBadRequest("application/json", "[" + json(id) + ", 42]", "element 1 of the array is a number");
        assertBadRequest("application/json", "\"just a string\"", "a string");
        assertBadRequest("application/json", json(id) + " {}", "after the JSON value");
        assertBadRequest("application/json", json(id) + " trailing", "invalid JSON");
        assertBadRequest("application/json", "{\"event_id\":\"a\",\"event_id\":\"b\"}", "Duplicate field");
        assertBadRequest("application/json", "[".repeat(10_000) + "]".repeat(10_000), "array");
        assertBadRequest("application/x-ndjson", json(id) + "\n{not json}\n", "line 2: invalid JSON");
        assertBadRequest("application/x-ndjson", "\n\n", "no events");

        assertThat(data().rawEvents(List.of(id))).isEmpty();
        assertThat(data().quarantined(id)).isEmpty();
    }

    private static void assertBadRequest(String contentType, String body, String messagePart) {
        post(contentType, body).post("/events").then()
                .statusCode(400)
                .body("error", containsString(messagePart));
    }

    @Test
    void otherContentTypesAndEncodingsAre415() {
        post("text/plain", json(uniqueId("plain"))).post("/events").then()
                .statusCode(415).body("error", containsString("application/json or application/x-ndjson"));
        given().body(json(uniqueId("none")).getBytes(StandardCharsets.UTF_8)).post("/events").then().statusCode(415);
        given().contentType("application/json").header("Content-Encoding", "br")
                .body(json(uniqueId("br")).getBytes(StandardCharsets.UTF_8))
                .post("/events").then().statusCode(415).body("error", containsString("Content-Encoding"));
    }

    @Test
    void tooLargeBodiesAndTooManyEventsAre413() {
        byte[] big = new byte[5 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        given().contentType("application/json").body(big).post("/events").then()
                .statusCode(413).body("error", containsString("COLLECTOR_MAX_BODY_BYTES"));

        List<String> objects = Events.ids("too-many", 10_001).stream().map(Events::json).toList();
        post("application/json", array(objects)).post("/events").then()
                .statusCode(413).body("error", containsString("more than 10000 events"));

        List<String> justEnough = Events.ids("just-enough", 10_000).stream().map(Events::json).toList();
        post("application/json", array(justEnough)).post("/events").then()
                .statusCode(202).body("accepted", equalTo(10_000));
    }

    @Test
    void gzipBombIs413NotOutOfMemory() throws IOException {
        byte[] zeros = new byte[1024 * 1024];
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            for (int i = 0; i < 1024; i++) { // 1 GiB of zeros, about 1 MiB compressed
                gzip.write(zeros);
            }
        }
        given().contentType("application/json").header("Content-Encoding", "gzip").body(compressed.toByteArray())
                .post("/events").then()
                .statusCode(413).body("error", containsString("inflates to more than"));

        given().contentType("application/json").header("Content-Encoding", "gzip").body(new byte[] {1, 2, 3})
                .post("/events").then()
                .statusCode(400).body("error", containsString("not valid gzip"));
    }

    private static byte[] gzip(String body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
