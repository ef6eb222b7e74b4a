package dev.pipeline.collector.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.collector.hostile.FuzzBodies.FuzzRequest;
import dev.pipeline.collector.hostile.TrackerFuzz.TrackerRequest;
import dev.pipeline.model.validation.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of {@code POST /events} and of the tracker paths ({@link TrackerFuzz}) with
 * jqwik, against the packaged collector started once for the class (jqwik's lifecycle and
 * {@code @QuarkusTest}'s do not mix). Thousands of random and mutated bodies and headers; for each
 * answer to {@code POST /events}:
 *
 * <ul>
 *   <li>the status is one of the contract's: 202, 400, 413, 415, or 503 with {@code Retry-After}; never 500;
 *   <li>the body is JSON of the contract's shape, outcome or error, reasons {@code code: message}
 *       with a known code;
 *   <li>an outcome counts every event of the body ({@code accepted + rejected}), and 202 means at
 *       least one was accepted; a body well-formed by construction always gets an outcome, one of
 *       valid events only is accepted whole;
 * </ul>
 *
 * for each answer of a tracker path: 200 with the SDK's success ({@code {"success":true}}, {@code ok},
 * a GIF), or 400/413 {@code {"error":...}}, or 503 with {@code Retry-After}; a body well formed by
 * construction always a success; never a 500. At the end the collector is still ready, logged no
 * ERROR, holds no request body in memory, and its heap after a full GC has not grown by more than
 * {@link #HEAP_GROWTH_BOUND}.
 */
class HostileFuzzIT {

    private static final double HEAP_GROWTH_BOUND = 64 * 1024 * 1024;
    private static final Set<Integer> STATUSES = Set.of(202, 400, 413, 415, 503);
    private static final Set<Integer> TRACKER_STATUSES = Set.of(200, 400, 413, 503);
    private static final Pattern REASON = Pattern.compile("([a-z_]+): .+", Pattern.DOTALL);
    private static final Set<String> CODES = Arrays.stream(Reason.values()).map(Reason::code).collect(Collectors.toSet());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static CollectorProcess collector;
    private static double heapBefore;
    private static long started;
    private static final AtomicInteger sent = new AtomicInteger();
    private static final Map<Integer, AtomicInteger> statuses = new TreeMap<>();

    @BeforeContainer
    static void startCollector() throws Exception {
        // Without fsync an answer takes a millisecond instead of a few: what is fuzzed here is reading
        // and validating, which fsync does not touch (KillNineIT tests durability).
        collector = CollectorProcess.start(Map.of("COLLECTOR_ROLL_INTERVAL", "200ms", "COLLECTOR_FSYNC", "false"));
        heapBefore = collector.heapUsedAfterGc();
        started = System.nanoTime();
    }

    @AfterContainer
    static void collectorSurvived() throws Exception {
        try {
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("HostileFuzzIT: %d requests in %d ms, by status %s%n", sent.get(), millis, statuses);
            assertThat(collector.isAlive()).isTrue();
            assertThat(collector.isReady()).as("ready after the fuzzing").isTrue();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(collector.metric("collector_inflight_bytes")).as("request bodies in memory").isZero());
            double heapAfter = collector.heapUsedAfterGc();
            System.out.printf("HostileFuzzIT: heap after GC %.1f MiB before, %.1f MiB after%n",
                    heapBefore / (1 << 20), heapAfter / (1 << 20));
            assertThat(heapAfter).as("heap after GC, bytes").isLessThan(heapBefore + HEAP_GROWTH_BOUND);
            assertThat(collector.errorLines()).as("ERROR lines in %s", collector.log()).isEmpty();
            assertThat(collector.metric("http_server_requests_seconds_count{method=\"POST\",outcome=\"SERVER_ERROR\",status=\"500\""))
                    .as("requests answered 500").isNaN();
            assertThat(collector.metric("http_server_requests_seconds_count{method=\"GET\",outcome=\"SERVER_ERROR\",status=\"500\""))
                    .as("GETs answered 500").isNaN();
        } finally {
            collector.close();
        }
    }

    @Property(tries = 2000)
    void mutatedValidBodies(@ForAll("mutated") FuzzRequest request) throws Exception {
        answersByTheContract(request);
    }

    @Property(tries = 900)
    void randomJsonTrees(@ForAll("trees") FuzzRequest request) throws Exception {
        answersByTheContract(request);
    }

    @Property(tries = 1300)
    void randomValuesInEveryField(@ForAll("fields") FuzzRequest request) throws Exception {
        answersByTheContract(request);
    }

    @Property(tries = 300)
    void validBodiesAreAcceptedWhole(@ForAll("valid") FuzzRequest request) throws Exception {
        answersByTheContract(request);
    }

    @Property(tries = 500)
    void randomContentTypesAndEncodings(@ForAll("headers") FuzzRequest request) throws Exception {
        answersByTheContract(request);
    }

    /**
     * Every class of the hostile corpus ({@code POST /events} and the tracker paths) once more, on the
     * packaged collector and its bounded heap: the answer's status must be the class's. (The answers'
     * bodies and the files are checked by {@link HostileRequestsTest}, in a JVM with a larger heap.)
     */
    @Example
    void everyCorpusClassOnTheBoundedHeap() throws Exception {
        String base = collector.uri("/").toString().replaceAll("/$", "");
        for (HostileRequest request : HostileCorpus.build()) {
            HostileClient.Answer answer = HostileClient.send(base, request);
            synchronized (statuses) {
                statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
            }
            sent.incrementAndGet();
            assertThat(answer.status()).as("%s: status; body %s", request, answer.text()).isEqualTo(request.status());
        }
        assertThat(collector.isReady()).as("ready after the corpus").isTrue();
    }

    @Property(tries = 400)
    void segmentBatchesWithRandomValues(@ForAll("segment") TrackerRequest request) throws Exception {
        trackerAnswersByTheContract(request);
    }

    @Property(tries = 400)
    void mutatedSegmentBatches(@ForAll("segmentMutated") TrackerRequest request) throws Exception {
        trackerAnswersByTheContract(request);
    }

    @Property(tries = 400)
    void snowplowBodiesWithRandomValues(@ForAll("snowplow") TrackerRequest request) throws Exception {
        trackerAnswersByTheContract(request);
    }

    @Property(tries = 300)
    void mutatedSnowplowBodies(@ForAll("snowplowMutated") TrackerRequest request) throws Exception {
        trackerAnswersByTheContract(request);
    }

    @Property(tries = 300)
    void pixelsWithRandomParameters(@ForAll("pixels") TrackerRequest request) throws Exception {
        trackerAnswersByTheContract(request);
    }

    @Provide
    Arbitrary<TrackerRequest> segment() {
        return TrackerFuzz.segmentBatches();
    }

    @Provide
    Arbitrary<TrackerRequest> segmentMutated() {
        return TrackerFuzz.mutatedSegmentBatches();
    }

    @Provide
    Arbitrary<TrackerRequest> snowplow() {
        return TrackerFuzz.snowplowBodies();
    }

    @Provide
    Arbitrary<TrackerRequest> snowplowMutated() {
        return TrackerFuzz.mutatedSnowplowBodies();
    }

    @Provide
    Arbitrary<TrackerRequest> pixels() {
        return TrackerFuzz.pixels();
    }

    @Provide
    Arbitrary<FuzzRequest> mutated() {
        return FuzzBodies.mutatedBodies();
    }

    @Provide
    Arbitrary<FuzzRequest> trees() {
        return FuzzBodies.randomJsonTrees();
    }

    @Provide
    Arbitrary<FuzzRequest> fields() {
        return FuzzBodies.randomFieldValues();
    }

    @Provide
    Arbitrary<FuzzRequest> valid() {
        return FuzzBodies.validBodies();
    }

    @Provide
    Arbitrary<FuzzRequest> headers() {
        return FuzzBodies.randomHeaders();
    }

    private static void answersByTheContract(FuzzRequest request) throws Exception {
        HttpRequest.Builder post = HttpRequest.newBuilder(collector.uri("/events")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.contentType() != null) {
            post.header("Content-Type", request.contentType());
        }
        if (request.contentEncoding() != null) {
            post.header("Content-Encoding", request.contentEncoding());
        }
        HttpResponse<byte[]> response = HTTP.send(post.build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        synchronized (statuses) {
            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        }
        String text = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(STATUSES).as("status %d, body %s", status, text).contains(status);
        if (status == 503) {
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        }
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        if (fields.equals(List.of("error"))) {
            assertThat(status).as("an error answer's status").isNotEqualTo(202);
            assertThat(body.get("error").isTextual()).isTrue();
            assertThat(request.events()).as("a body well-formed by construction gets an outcome, not %s", text).isLessThan(0);
        } else {
            assertThat(fields).as("answer %s", text).containsExactly("accepted", "rejected", "errors");
            int accepted = body.get("accepted").asInt();
            int rejected = body.get("rejected").asInt();
            assertThat(status).as("answer %s", text).isEqualTo(accepted > 0 ? 202 : 400);
            assertThat(accepted + rejected).as("events counted in %s", text).isEqualTo(eventsIn(request));
            if (request.allValid()) {
                assertThat(rejected).as("valid events refused: %s", text).isZero();
            }
            JsonNode errors = body.get("errors");
            assertThat(errors.size()).isEqualTo(Math.min(100, rejected));
            for (JsonNode error : errors) {
                assertThat(error.get("index").asInt()).isBetween(0, accepted + rejected - 1);
                Matcher reason = REASON.matcher(error.get("reason").asText());
                assertThat(reason.matches()).as("reason %s", error).isTrue();
                assertThat(CODES).contains(reason.group(1));
                assertThat(error.get("reason").asText().length()).isLessThanOrEqualTo(300);
            }
        }
        if (sent.incrementAndGet() % 500 == 0) {
            assertThat(collector.isReady()).as("ready after %d requests", sent.get()).isTrue();
        }
    }

    private static void trackerAnswersByTheContract(TrackerRequest request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(collector.uri(request.path())).timeout(Duration.ofSeconds(30));
        if (request.method().equals("GET")) {
            builder.GET();
        } else {
            builder.POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        }
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        HttpResponse<byte[]> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        synchronized (statuses) {
            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        }
        String text = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertThat(TRACKER_STATUSES).as("status %d, body %s", status, text).contains(status);
        if (request.method().equals("GET") && !request.wellFormed()) {
            assertThat(status).as("a GET /i without e; body %s", text).isEqualTo(400);
        } else if (request.wellFormed()) {
            assertThat(status).as("a body well-formed by construction; body %s", text).isIn(200, 503);
        }
        if (status == 200) {
            if (request.path().startsWith("/v1/")) {
                assertThat(text).isEqualTo("{\"success\":true}");
            } else if (request.path().startsWith("/i")) {
                assertThat(type).isEqualTo("image/gif");
            } else {
                assertThat(text).isEqualTo("ok");
            }
        } else {
            if (status == 503) {
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
            }
            assertThat(type).as("answer %d %s", status, text).startsWith("application/json");
            JsonNode body = JSON.readTree(response.body());
            List<String> fields = new ArrayList<>();
            body.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as("answer %s", text).containsExactly("error");
            assertThat(body.get("error").isTextual()).isTrue();
        }
        if (sent.incrementAndGet() % 500 == 0) {
            assertThat(collector.isReady()).as("ready after %d requests", sent.get()).isTrue();
        }
    }

    /** The events of a body the collector read: counted here by its own means, not the collector's parser. */
    private static int eventsIn(FuzzRequest request) throws IOException {
        if (request.events() >= 0) {
            return request.events();
        }
        byte[] body = request.body();
        if (request.contentEncoding() != null && request.contentEncoding().trim().equalsIgnoreCase("gzip")) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            }
        }
        String type = request.contentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals(FuzzBodies.NDJSON)) {
            // One event a line split at LF only; a line of spaces, tabs and CRs is blank.
            return (int) Arrays.stream(new String(body, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1))
                    .filter(line -> !line.replace(" ", "").replace("\t", "").replace("\r", "").isEmpty()).count();
        }
        JsonNode root = JSON.readTree(body);
        return root.isArray() ? root.size() : 1;
    }
}
