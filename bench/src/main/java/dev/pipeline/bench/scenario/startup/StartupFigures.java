package dev.pipeline.bench.scenario.startup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.bench.scenario.JqFigures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One start-up of a service, as {@code services.<name>.runs[]} of a startup results file holds it, and
 * the medians over the runs ({@code services.<name>.median}).
 *
 * @param readyMs from {@code java -jar} to {@code /q/health/ready} answering 200
 * @param quarkusStartedS what Quarkus logs ("started in 1.234s."), null when the log does not say
 * @param cpuSecondsToReady CPU seconds (user + system) it used until ready, 2 decimals
 * @param rssReadyMb resident memory when ready, whole MB
 * @param rssIdleMb resident memory after idling, whole MB
 * @param hwmMb its peak resident memory ({@code VmHWM}) after idling, whole MB
 * @param idleCores cores it used on average while idling
 * @param sigtermToExitMs from SIGTERM to the process's end
 */
record StartupFigures(long readyMs, Double quarkusStartedS, double cpuSecondsToReady, long rssReadyMb, long rssIdleMb,
        long hwmMb, double idleCores, long sigtermToExitMs) {

    /** The figures the medians are taken of, in the order the results file lists them. */
    static final List<String> MEDIAN_FIGURES = List.of("ready_ms", "cpu_s_to_ready", "rss_ready_mb", "rss_idle_mb",
            "sigterm_to_exit_ms");
    private static final Pattern STARTED = Pattern.compile(".* started in ([0-9.]*)s\\..*");

    /**
     * The idle cores as the script computed them: from the CPU seconds read when ready and after idling,
     * each rounded to 2 decimals first (as {@code cpu_s} printed them), over the idle time; 3 decimals.
     */
    static double idleCores(double cpuAtReady, double cpuAfterIdle, long idleMs) {
        return JqFigures.round((JqFigures.round(cpuAfterIdle, 2) - JqFigures.round(cpuAtReady, 2)) / (idleMs / 1000.0), 3);
    }

    ObjectNode toJson() {
        ObjectNode run = BenchRun.JSON.createObjectNode();
        run.put("ready_ms", readyMs);
        run.set("quarkus_started_s", JqFigures.number(quarkusStartedS));
        run.set("cpu_s_to_ready", JqFigures.number(cpuSecondsToReady));
        run.put("rss_ready_mb", rssReadyMb);
        run.put("rss_idle_mb", rssIdleMb);
        run.put("hwm_mb", hwmMb);
        run.set("idle_cores", JqFigures.number(idleCores));
        run.put("sigterm_to_exit_ms", sigtermToExitMs);
        return run;
    }

    /** The seconds of the first "started in 1.234s." line of a Quarkus log, or null. */
    static Double quarkusStartedSeconds(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.map(STARTED::matcher).filter(Matcher::matches).findFirst()
                    .map(m -> parseOrNull(m.group(1))).orElse(null);
        }
    }

    /**
     * The median of each of {@link #MEDIAN_FIGURES} over the runs that have it: with an even count the
     * lower of the two middle values ({@code $v[(n - 1) / 2 | floor]}, as the script took it); null when
     * no run has it.
     */
    static ObjectNode medians(List<? extends JsonNode> runs) {
        ObjectNode median = BenchRun.JSON.createObjectNode();
        for (String figure : MEDIAN_FIGURES) {
            List<JsonNode> values = new ArrayList<>();
            for (JsonNode run : runs) {
                if (run.path(figure).isNumber()) {
                    values.add(run.path(figure));
                }
            }
            values.sort((a, b) -> Double.compare(a.doubleValue(), b.doubleValue()));
            median.set(figure, values.isEmpty() ? median.nullNode() : values.get((values.size() - 1) / 2));
        }
        return median;
    }

    private static Double parseOrNull(String number) {
        try {
            return Double.valueOf(number);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
