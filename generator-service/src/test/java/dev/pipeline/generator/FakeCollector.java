package dev.pipeline.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pipeline.model.json.EventJson;
import dev.pipeline.model.validation.EventRejectedException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the collector's {@code POST /events} on a JDK HTTP server: it validates events with
 * the contract's rules and answers like the collector (202 with counts, 400 when none is valid),
 * unless the test scripts other answers first. Records every request it receives.
 */
public final class FakeCollector implements AutoCloseable {

    /** One request as received. */
    public record Request(byte[] body, Map<String, List<String>> headers, long nanoTime) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(h -> h.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A scripted answer; {@code retryAfter} may be null. */
    public record Answer(int status, String retryAfter, String body) {

        public static Answer of(int status) {
            return new Answer(status, null, "{\"error\":\"scripted " + status + "\"}");
        }

        public static Answer withRetryAfter(int status, String retryAfter) {
            return new Answer(status, retryAfter, "{\"error\":\"scripted " + status + "\"}");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    private FakeCollector(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/events", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public static FakeCollector start() {
        return new FakeCollector(0);
    }

    /** On a port chosen before, e.g. one the generator has been failing to reach. */
    public static FakeCollector startOn(int port) {
        return new FakeCollector(port);
    }

    /** A port nobody listens on (yet): connecting to it is refused. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers the next requests with these, in order, before answering as the collector would. */
    public FakeCollector script(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Holds every request without an answer until {@link #release()}. */
    public void holdAnswers() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        hold.countDown();
    }

    public List<Request> requests() {
        return requests;
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(body, Map.copyOf(exchange.getRequestHeaders()), System.nanoTime()));
            if (!hold.await(30, TimeUnit.SECONDS)) {
                return;
            }
            Answer answer = script.poll();
            if (answer == null) {
                answer = validate(body);
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), out.length);
            exchange.getResponseBody().write(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Rejected(int index, String reason) {
    }

    /** The collector's answer: each event checked with the contract's rules. */
    private static Answer validate(byte[] body) throws IOException {
        JsonNode events = EventJson.MAPPER.readTree(body);
        int accepted = 0;
        List<Rejected> errors = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            try {
                EventJson.read(events.get(i), Instant.now());
                accepted++;
            } catch (EventRejectedException e) {
                errors.add(new Rejected(i, e.rejection().toString()));
            }
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator json = EventJson.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("accepted", accepted);
            json.writeNumberField("rejected", errors.size());
            json.writeArrayFieldStart("errors");
            for (Rejected error : errors) {
                json.writeStartObject();
                json.writeNumberField("index", error.index());
                json.writeStringField("reason", error.reason());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return new Answer(accepted > 0 ? 202 : 400, null, out.toString());
    }
}
