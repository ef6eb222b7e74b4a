package dev.pipeline.collector.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pipeline.collector.DataFolder;
import dev.pipeline.collector.Events;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow, half-sent, never-sent and badly framed bodies over raw sockets, against the packaged
 * collector. Its bounds are set short here so the test is quick ({@code quarkus.http.idle-timeout}
 * 1 s, {@code COLLECTOR_BODY_TIMEOUT} 3 s; the defaults are 30 s and 60 s): such clients never hold
 * up other requests, are dropped once over the bound, leave nothing half-written, give back their
 * share of the in-flight budget, and cause no ERROR in the log.
 */
class SlowClientsIT {

    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CollectorProcess collector;
    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2);

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        collector = CollectorProcess.start(Map.of(
                "COLLECTOR_ROLL_INTERVAL", "100ms",
                "QUARKUS_HTTP_IDLE_TIMEOUT", "1s",
                "COLLECTOR_BODY_TIMEOUT", BODY_TIMEOUT.toMillis() + "ms"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (collector != null) {
            collector.close();
        }
    }

    @AfterEach
    void closeSockets() throws IOException {
        pacer.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void halfSentBodyHoldsNothingUpAndIsNeverWritten() throws Exception {
        List<String> ids = Events.ids("half", 2);
        byte[] body = utf8(Events.array(ids.stream().map(Events::json).toList()));
        Socket half = open();
        half.getOutputStream().write(headers(body.length));
        half.getOutputStream().write(body, 0, body.length / 2);
        half.getOutputStream().flush();

        // While the half-sent request waits for the rest of its body, others are answered.
        String other = Events.uniqueId("beside-half");
        assertThat(collector.post("application/json", Events.json(other))).isEqualTo(202);
        assertThat(answered(half)).as("the half-sent request is still waiting").isFalse();
        half.close(); // the client goes away mid-body

        assertNothingStoredOf(ids, other);
        assertHealthy();
    }

    @Test
    void dribbledBodiesAreTakenInTimeAndCutWhenTooSlow() throws Exception {
        // One byte every 100 ms: each byte resets the idle timeout, only the body timeout ends it.
        String inTimeId = Events.uniqueId("dribble-in-time");
        byte[] inTime = utf8(Events.json(inTimeId));
        Socket fast = open();
        fast.getOutputStream().write(headers(inTime.length));
        CompletableFuture<Void> firstPart = dribble(fast, inTime, 0, 15);

        List<String> ids = Events.ids("dribble-forever", 3);
        byte[] forever = utf8(Events.array(ids.stream().map(Events::json).toList()));
        Socket slow = open();
        slow.getOutputStream().write(headers(forever.length));
        CompletableFuture<Void> never = dribble(slow, forever, 0, forever.length - 1);

        String other = Events.uniqueId("beside-dribble");
        assertThat(collector.post("application/json", Events.json(other))).isEqualTo(202);
        assertThat(answered(slow)).as("the dribbling request is still being read").isFalse();

        // 1.5 s of dribbling, then the rest at once: within the body timeout, so accepted.
        firstPart.get(30, TimeUnit.SECONDS);
        fast.getOutputStream().write(inTime, 15, inTime.length - 15);
        fast.getOutputStream().flush();
        String fastAnswer = readAnswer(fast);
        assertThat(fastAnswer).startsWith("HTTP/1.1 202");

        // The one that never ends is cut at the body timeout: 408, JSON, connection closed.
        String slowAnswer = readAnswer(slow);
        never.cancel(true);
        assertThat(slowAnswer).startsWith("HTTP/1.1 408").containsIgnoringCase("connection: close");
        JsonNode error = JSON.readTree(slowAnswer.substring(slowAnswer.indexOf("\r\n\r\n") + 4));
        assertThat(error.get("error").asText()).contains("COLLECTOR_BODY_TIMEOUT");

        new DataFolder(collector.dataDir()).awaitRaw(List.of(inTimeId));
        assertNothingStoredOf(ids, other);
        assertHealthy();
    }

    @Test
    void manyConnectionsThatNeverSendABodyAreDroppedAndHoldNothingUp() throws Exception {
        List<Socket> silent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Socket socket = open();
            if (i % 2 == 0) {
                socket.getOutputStream().write(headers(500)); // headers, then not a byte of the body
                socket.getOutputStream().flush();
            }
            silent.add(socket);
        }
        assertThat(collector.post("application/json", Events.json(Events.uniqueId("beside-silent")))).isEqualTo(202);
        assertThat(collector.isReady()).isTrue();

        // Each is closed by the collector (idle timeout, or body timeout with a 408) rather than kept for ever.
        for (Socket socket : silent) {
            readAnswer(socket);
        }
        assertHealthy();
    }

    @Test
    void brokenChunkedEncodingIsDroppedWithoutA500() throws Exception {
        String id = Events.uniqueId("chunked");
        Socket socket = open();
        socket.getOutputStream().write(utf8("POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\n[" + Events.json(id) + "\r\nzz\r\n"));
        socket.getOutputStream().flush();
        // Vert.x closes a connection whose framing it cannot read; whatever comes first is no 5xx.
        assertThat(readAnswer(socket)).doesNotStartWith("HTTP/1.1 5");

        assertNothingStoredOf(List.of(id), postOne("beside-chunked"));
        assertHealthy();
    }

    // ---------------------------------------------------------------- helpers

    private static String postOne(String prefix) throws IOException, InterruptedException {
        String id = Events.uniqueId(prefix);
        assertThat(collector.post("application/json", Events.json(id))).isEqualTo(202);
        return id;
    }

    private Socket open() throws IOException {
        Socket socket = new Socket("127.0.0.1", collector.port());
        socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
        sockets.add(socket);
        return socket;
    }

    private static byte[] headers(int contentLength) {
        return utf8("POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n");
    }

    /** Sends {@code body[from, to)} one byte every 100 ms; the future completes after the last byte. */
    private CompletableFuture<Void> dribble(Socket socket, byte[] body, int from, int to) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger next = new AtomicInteger(from);
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = pacer.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            try {
                if (i >= to) {
                    done.complete(null);
                    task[0].cancel(false);
                    return;
                }
                OutputStream out = socket.getOutputStream();
                out.write(body[i]);
                out.flush();
            } catch (IOException e) {
                done.complete(null); // the collector closed the connection
                task[0].cancel(false);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        return done;
    }

    /** Whether the collector has answered or closed the connection, without waiting for it. */
    private static boolean answered(Socket socket) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(200);
        try {
            socket.getInputStream().read(); // a byte of an answer, or -1: closed
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** Everything the collector sends until it closes the connection (at most 30 s). */
    private static String readAnswer(Socket socket) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                answer.write(buffer, 0, read);
                String text = answer.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0 && !text.toLowerCase().contains("connection: close") && complete(text, end)) {
                    return text; // a kept-alive answer: complete once its body is
                }
            }
        } catch (IOException e) {
            // A reset after the answer still ends it.
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    private static boolean complete(String text, int headerEnd) {
        for (String line : text.substring(0, headerEnd).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return text.length() - headerEnd - 4 >= Integer.parseInt(line.substring(15).trim());
            }
        }
        return false;
    }

    /** None of {@code ids} reaches raw/ or error/, checked once a later request ({@code after}) is published. */
    private static void assertNothingStoredOf(List<String> ids, String after) {
        DataFolder data = new DataFolder(collector.dataDir());
        data.awaitRaw(List.of(after));
        assertThat(data.rawEvents(ids)).isEmpty();
        for (String id : ids) {
            assertThat(data.quarantined(id)).isEmpty();
        }
    }

    private static void assertHealthy() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(collector.metric("collector_inflight_bytes")).as("request bodies in memory").isZero());
        assertThat(collector.isReady()).isTrue();
        assertThat(collector.isAlive()).isTrue();
        assertThat(collector.errorLines()).as("ERROR lines in %s", collector.log()).isEmpty();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
