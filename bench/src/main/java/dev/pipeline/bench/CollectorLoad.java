package dev.pipeline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Loads a collector's {@code POST /events} (or a tracker path, {@code --protocol}) on N connections
 * for a fixed time and reports throughput, latency, statuses and what the load cost this client in CPU.
 */
final class CollectorLoad {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CollectorLoad() {}

    /** Runs the load and returns the exit status: 0 when at least one batch was acknowledged. */
    static int run(LoadOptions options) throws IOException, InterruptedException {
        // Unique per run, so the acknowledged ids of a run can be reconciled against what landed.
        String runId = "bench" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
        RequestBodies bodies = switch (options.protocol()) {
            case EVENTS -> new EventBodies(runId, options.batch());
            case SEGMENT -> new SegmentBodies(runId, options.batch(), writeKey(options));
            case SNOWPLOW -> new SnowplowBodies(runId, options.batch());
        };
        AtomicLong nextBatch = new AtomicLong();

        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < options.connections(); i++) {
            clients.add(LoadWorker.newClient());
        }

        long measureFrom = System.nanoTime() + options.warmup().toNanos();
        long measureUntil = measureFrom + options.duration().toNanos();
        // Wall-clock start of the window, so samplers outside this process can line up with it.
        long windowStartEpochMs =
                System.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(measureFrom - System.nanoTime());
        List<LoadWorker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (HttpClient client : clients) {
            LoadWorker worker = new LoadWorker(client, options, bodies, nextBatch, measureFrom, measureUntil);
            Thread thread = new Thread(worker, "load-" + threads.size());
            thread.setDaemon(true);
            workers.add(worker);
            threads.add(thread);
            thread.start();
        }

        // CPU is read at the window's edges, so start-up, JIT warm-up and the tail are not charged.
        sleepUntil(measureFrom);
        long cpuFrom = processCpuNanos();
        sleepUntil(measureUntil);
        long cpuUntil = processCpuNanos();

        long joinDeadline = measureUntil + LoadWorker.REQUEST_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(5);
        LoadTally total = new LoadTally();
        int unfinished = 0;
        for (int i = 0; i < threads.size(); i++) {
            threads.get(i).join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
            if (threads.get(i).isAlive()) {
                unfinished++;
            } else {
                total.add(workers.get(i).tally);
            }
        }
        if (unfinished > 0) {
            System.err.printf("bench: %d connections still wait for a response; their counts are left out%n",
                    unfinished);
        }

        Map<String, Object> result =
                result(options, runId, bodies, total, (cpuUntil - cpuFrom) / 1e9, windowStartEpochMs);
        System.out.println(summaryLine(result));
        if (options.out().isPresent()) {
            Path out = options.out().get();
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            JSON.writeValue(out.toFile(), result);
        } else {
            System.out.println(JSON.writeValueAsString(result));
        }
        return total.eventsAcked > 0 ? 0 : 1;
    }

    /** The write key a Segment client sends: the collector's key when it has one. */
    static String writeKey(LoadOptions options) {
        return options.apiKey().orElse("bench-write-key");
    }

    private static Map<String, Object> result(LoadOptions options, String runId, RequestBodies bodies,
            LoadTally total, double cpuSeconds, long windowStartEpochMs) {
        double seconds = options.duration().toNanos() / 1e9;
        Histogram latency = total.latencyMicros;
        Map<String, Object> latencyMs = new LinkedHashMap<>();
        latencyMs.put("p50", millis(latency.getValueAtPercentile(50)));
        latencyMs.put("p90", millis(latency.getValueAtPercentile(90)));
        latencyMs.put("p99", millis(latency.getValueAtPercentile(99)));
        latencyMs.put("max", millis(latency.getMaxValue()));
        latencyMs.put("mean", round(latency.getMean() / 1000, 3));
        Map<String, Long> statuses = new LinkedHashMap<>();
        total.statuses.forEach((status, n) -> statuses.put(Integer.toString(status), n));

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("url", options.target().toString());
        r.put("protocol", options.protocol().wireName());
        r.put("run_id", runId);
        r.put("connections", options.connections());
        r.put("batch", options.batch());
        r.put("messages_per_body", bodies.messagesPerBody());
        r.put("events_per_body", bodies.eventsPerBody());
        r.put("body_bytes", bodies.bytesPerBody());
        r.put("warmup_s", options.warmup().toNanos() / 1e9);
        r.put("duration_s", seconds);
        r.put("requests", total.requests);
        r.put("events_acked", total.eventsAcked);
        r.put("events_rejected", total.eventsRejected);
        r.put("events_per_sec", round(total.eventsAcked / seconds, 1));
        r.put("messages_acked", total.messagesAcked);
        r.put("messages_per_sec", round(total.messagesAcked / seconds, 1));
        r.put("requests_per_sec", round(total.requests / seconds, 1));
        r.put("latency_ms", latencyMs);
        r.put("status", statuses);
        r.put("backpressure_503", total.statuses.getOrDefault(503, 0L));
        r.put("errors", total.errorCount());
        r.put("error_kinds", total.errors);
        r.put("client_cpu_s", round(cpuSeconds, 3));
        r.put("client_cpu_ms_per_100k_events",
                total.eventsAcked == 0 ? null : round(cpuSeconds * 1000 * 100_000 / total.eventsAcked, 1));
        r.put("window_start_epoch_ms", windowStartEpochMs);
        r.put("window_end_epoch_ms", windowStartEpochMs + options.duration().toMillis());
        return r;
    }

    private static String summaryLine(Map<String, Object> r) {
        @SuppressWarnings("unchecked")
        Map<String, Object> latency = (Map<String, Object>) r.get("latency_ms");
        return String.format(Locale.ROOT,
                "%s connections=%s batch=%s events/s=%s messages/s=%s p50=%sms p99=%sms max=%sms statuses=%s errors=%s client_cpu=%ss",
                r.get("protocol"), r.get("connections"), r.get("batch"), r.get("events_per_sec"), r.get("messages_per_sec"), latency.get("p50"),
                latency.get("p99"), latency.get("max"), r.get("status"), r.get("errors"), r.get("client_cpu_s"));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static double millis(long micros) {
        return round(micros / 1000.0, 3);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
