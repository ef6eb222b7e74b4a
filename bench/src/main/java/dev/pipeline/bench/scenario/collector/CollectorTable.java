package dev.pipeline.bench.scenario.collector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.scenario.StreamResultsHead;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A collector results file as a table, one row per point (and the {@code +jfr} row of the profiled
 * point): the table the collector benchmark has always printed, for files with and without a {@code scenario} field.
 */
final class CollectorTable {

    private static final String ROW =
            "%-7s %5s %9s %7s %7s %7s %7s %6s %5s %4s %7s %7s %6s %7s %7s %7s %4s%n";

    private CollectorTable() {}

    static void print(JsonNode results, PrintStream out) {
        JsonNode settings = results.path("settings");
        out.printf("%s; batch %s, %ss measured after %ss warm-up%n", StreamResultsHead.machine("collector", results),
                settings.path("batch").asText(), settings.path("duration_s").asText(), settings.path("warmup_s").asText());
        out.printf(Locale.ROOT, ROW,
                "", "", "", "latency", "", "", "", "status", "", "", "client", "", "collect", "", "", "", "");
        out.printf(Locale.ROOT, ROW, "fsync", "conns", "events/s", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "202", "503", "err", "cpu s", "ms/100k", "cores", "ms/100k", "RSS MB", "HWM MB", "tcp");
        for (JsonNode run : results.path("runs")) {
            out.printf(Locale.ROOT, ROW, row(run, run.path("fsync").asBoolean() ? "on" : "off"));
        }
        JsonNode profiled = results.path("jfr").path("run");
        if (!profiled.isMissingNode()) {
            out.printf(Locale.ROOT, ROW, row(profiled, profiled.path("fsync").asBoolean() ? "on+jfr" : "off+jfr"));
        }
        out.println("""
                client cpu s: CPU the load client used in the measured window; ms/100k: CPU milliseconds per
                100k acknowledged events; collect cores: the collector's average CPU use (2 cores = all of
                this machine); RSS MB: the collector's largest resident set seen in the run; HWM MB: its peak
                since start; tcp: client connections seen open; +jfr: the run under the flight recorder.""");
    }

    private static Object[] row(JsonNode run, String fsync) {
        JsonNode client = run.path("client");
        JsonNode latency = client.path("latency_ms");
        JsonNode collector = run.path("collector");
        double eventsPerSec = client.path("events_per_sec").asDouble();
        JsonNode cores = collector.path("cpu_cores");
        String collectorPer100k = cores.isNumber() && eventsPerSec > 0
                ? String.format(Locale.ROOT, "%.0f", cores.asDouble() * 1000 * 100_000 / eventsPerSec)
                : "-";
        return new Object[] {
            fsync,
            client.path("connections").asText(),
            String.format(Locale.ROOT, "%.0f", eventsPerSec),
            number(latency.path("p50"), "%.1f"),
            number(latency.path("p90"), "%.1f"),
            number(latency.path("p99"), "%.1f"),
            number(latency.path("max"), "%.1f"),
            client.path("status").path("202").asText("0"),
            client.path("backpressure_503").asText("0"),
            client.path("errors").asText("0"),
            number(client.path("client_cpu_s"), "%.2f"),
            number(client.path("client_cpu_ms_per_100k_events"), "%.0f"),
            number(cores, "%.2f"),
            collectorPer100k,
            number(collector.path("rss_max_mb"), "%.0f"),
            number(collector.path("hwm_mb"), "%.0f"),
            collector.path("tcp_connections").asText("-")
        };
    }

    private static String number(JsonNode value, String format) {
        return value.isNumber() ? String.format(Locale.ROOT, format, value.asDouble()) : "-";
    }
}
