package dev.pipeline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load: {@code POST /events} at a fixed rate of events per second, requests of {@code --batch}
 * events spaced evenly in time (request k is due at {@code start + k * batch / rate}), whatever the
 * collector's answers take. Several connections take the due requests in turn, so a slow answer delays
 * no later request unless every connection is busy; then the send is late, and both the lateness and the
 * latency from the due time (free of coordinated omission) are reported.
 *
 * <p>Event ids are {@code <run id>-<request number, 10 digits>-<index>}; request numbers below
 * {@code warmup_requests} were due in the warm-up. With {@code --acked FILE} the numbers of the requests
 * answered 202 with every event accepted are written one per line, so a script can check that each
 * acknowledged event reached PostgreSQL.
 */
final class RateLoad {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    record Options(URI eventsUri, double rate, int batch, int connections, Duration duration, Duration warmup,
            Optional<String> apiKey, Optional<String> runId, Optional<Path> acked, Optional<Path> out) {

        static Options parse(String[] args) {
            Flags flags = Flags.parse(args, Set.of("--url", "--rate", "--batch", "--connections", "--duration",
                    "--warmup", "--api-key", "--run-id", "--acked", "--out"), Set.of());
            String url = flags.string("--url", "http://127.0.0.1:8081");
            double rate = flags.decimal("--rate", 1000);
            int batch = flags.integer("--batch", 100);
            int connections = flags.integer("--connections", 8);
            Duration duration = flags.duration("--duration", Duration.ofMinutes(2));
            Duration warmup = flags.duration("--warmup", Duration.ZERO);
            String runId = flags.string("--run-id").orElse(null);
            if (!(rate > 0) || batch < 1 || batch > LoadOptions.MAX_BATCH || connections < 1 || duration.isZero()
                    || duration.isNegative() || warmup.isNegative()) {
                throw new IllegalArgumentException("--rate > 0, --batch 1.." + LoadOptions.MAX_BATCH
                        + ", --connections >= 1, --duration > 0 and --warmup >= 0 are needed");
            }
            if (runId != null && !runId.matches("[A-Za-z0-9]{1,30}")) {
                throw new IllegalArgumentException("--run-id takes 1-30 letters and digits (it prefixes event ids)");
            }
            return new Options(LoadOptions.eventsUri(url), rate, batch, connections, duration, warmup,
                    flags.string("--api-key").filter(k -> !k.isEmpty()), Optional.ofNullable(runId),
                    flags.path("--acked"), flags.path("--out"));
        }
    }

    /** What one connection saw; merged at the end. */
    private static final class Tally {
        final Histogram serviceMicros = new Histogram(TimeUnit.MINUTES.toMicros(2), 3);
        final Histogram fromDueMicros = new Histogram(TimeUnit.MINUTES.toMicros(2), 3);
        final Histogram latenessMicros = new Histogram(TimeUnit.MINUTES.toMicros(2), 3);
        final Map<Integer, Long> statuses = new TreeMap<>();
        final Map<String, Long> errors = new TreeMap<>();
        long requests;
        long eventsAcked;
        long eventsRejected;
        long lateOver10ms;

        void add(Tally other) {
            serviceMicros.add(other.serviceMicros);
            fromDueMicros.add(other.fromDueMicros);
            latenessMicros.add(other.latenessMicros);
            other.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
            other.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            requests += other.requests;
            eventsAcked += other.eventsAcked;
            eventsRejected += other.eventsRejected;
            lateOver10ms += other.lateOver10ms;
        }
    }

    private RateLoad() {}

    static int run(Options options) throws IOException, InterruptedException {
        String runId = options.runId().orElseGet(() -> "rate" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36));
        EventBodies bodies = new EventBodies(runId, options.batch());
        double intervalNanos = options.batch() * 1e9 / options.rate();
        long totalNanos = options.warmup().toNanos() + options.duration().toNanos();
        long requests = (long) Math.floor(totalNanos / intervalNanos);
        long warmupRequests = (long) Math.ceil(options.warmup().toNanos() / intervalNanos);
        AtomicLong next = new AtomicLong();
        ConcurrentSkipListSet<Long> acked = new ConcurrentSkipListSet<>();

        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < options.connections(); i++) {
            clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build());
        }
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long startEpochMs = System.currentTimeMillis() + 200;
        long cpuFrom = processCpuNanos();
        List<Tally> tallies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (HttpClient client : clients) {
            Tally tally = new Tally();
            tallies.add(tally);
            Thread thread = new Thread(() -> {
                try {
                    for (long k = next.getAndIncrement(); k < requests; k = next.getAndIncrement()) {
                        long due = start + (long) (k * intervalNanos);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        send(client, options, bodies, k, due, tally, acked);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "rate-" + threads.size());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        long progressEvery = TimeUnit.SECONDS.toNanos(10);
        long nextProgress = start + progressEvery;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                thread.join(1000);
                if (System.nanoTime() >= nextProgress) {
                    System.err.printf(Locale.ROOT, "rate: %ds, %d of %d requests due, %d acknowledged%n",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), Math.min(next.get(), requests),
                            requests, acked.size());
                    nextProgress += progressEvery;
                }
            }
        }
        long endEpochMs = System.currentTimeMillis();
        double cpuSeconds = (processCpuNanos() - cpuFrom) / 1e9;
        Tally total = new Tally();
        tallies.forEach(total::add);

        if (options.acked().isPresent()) {
            StringBuilder lines = new StringBuilder();
            acked.forEach(n -> lines.append(n).append('\n'));
            Files.writeString(options.acked().get(), lines);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("url", options.eventsUri().toString());
        r.put("run_id", runId);
        r.put("rate", options.rate());
        r.put("batch", options.batch());
        r.put("connections", options.connections());
        r.put("warmup_s", options.warmup().toMillis() / 1000.0);
        r.put("duration_s", options.duration().toMillis() / 1000.0);
        r.put("requests_due", requests);
        r.put("warmup_requests", warmupRequests);
        r.put("requests", total.requests);
        r.put("requests_acked", (long) acked.size());
        r.put("events_acked", total.eventsAcked);
        r.put("events_rejected", total.eventsRejected);
        r.put("events_per_sec", round(total.eventsAcked / (totalNanos / 1e9), 1));
        r.put("status", stringKeys(total.statuses));
        r.put("errors", total.errors);
        r.put("latency_ms", percentiles(total.serviceMicros));
        r.put("latency_from_due_ms", percentiles(total.fromDueMicros));
        r.put("send_lateness_ms", percentiles(total.latenessMicros));
        r.put("sends_late_over_10ms", total.lateOver10ms);
        r.put("client_cpu_s", round(cpuSeconds, 3));
        r.put("start_epoch_ms", startEpochMs);
        r.put("measured_from_epoch_ms", startEpochMs + options.warmup().toMillis());
        r.put("end_epoch_ms", endEpochMs);
        @SuppressWarnings("unchecked")
        Map<String, Object> latency = (Map<String, Object>) r.get("latency_ms");
        System.err.printf(Locale.ROOT, "rate: run %s, %.0f events/s asked, %s acknowledged, request p50 %s ms p99 %s ms,"
                + " %d sends >10 ms late, statuses %s, errors %s%n", runId, options.rate(), r.get("events_per_sec"),
                latency.get("p50"), latency.get("p99"), total.lateOver10ms, r.get("status"), total.errors);
        if (options.out().isPresent()) {
            JSON.writeValue(options.out().get().toFile(), r);
        } else {
            System.out.println(JSON.writeValueAsString(r));
        }
        return total.eventsAcked > 0 ? 0 : 1;
    }

    private static void send(HttpClient client, Options options, EventBodies bodies, long k, long due, Tally tally,
            ConcurrentSkipListSet<Long> acked) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(options.eventsUri())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.body(k)));
        options.apiKey().ifPresent(key -> builder.header("X-API-Key", key));
        long started = System.nanoTime();
        long late = Math.max(0, started - due);
        tally.latenessMicros.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(late),
                tally.latenessMicros.getHighestTrackableValue()));
        if (late > TimeUnit.MILLISECONDS.toNanos(10)) {
            tally.lateOver10ms++;
        }
        HttpResponse<String> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            tally.errors.merge(e.getClass().getSimpleName(), 1L, Long::sum);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long finished = System.nanoTime();
        tally.requests++;
        tally.statuses.merge(response.statusCode(), 1L, Long::sum);
        if (response.statusCode() == 202) {
            long accepted = LoadWorker.count(response.body(), "accepted", options.batch());
            tally.eventsAcked += accepted;
            tally.eventsRejected += LoadWorker.count(response.body(), "rejected", 0);
            if (accepted == options.batch()) {
                acked.add(k);
            }
            tally.serviceMicros.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(finished - started),
                    tally.serviceMicros.getHighestTrackableValue()));
            tally.fromDueMicros.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(finished - due),
                    tally.fromDueMicros.getHighestTrackableValue()));
        }
    }

    private static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", round(h.getValueAtPercentile(50) / 1000.0, 3));
        m.put("p99", round(h.getValueAtPercentile(99) / 1000.0, 3));
        m.put("max", round(h.getMaxValue() / 1000.0, 3));
        return m;
    }

    private static Map<String, Long> stringKeys(Map<Integer, Long> statuses) {
        Map<String, Long> m = new LinkedHashMap<>();
        statuses.forEach((k, v) -> m.put(Integer.toString(k), v));
        return m;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
