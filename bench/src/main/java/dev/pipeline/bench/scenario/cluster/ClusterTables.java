package dev.pipeline.bench.scenario.cluster;

import static dev.pipeline.bench.scenario.JqFigures.or;
import static dev.pipeline.bench.scenario.JqFigures.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.scenario.JqFigures;
import dev.pipeline.bench.scenario.StreamResultsHead;
import dev.pipeline.bench.scenario.TextTable;
import java.io.PrintStream;

/** A cluster results file as tables (what the former cluster script's print_table printed). */
final class ClusterTables {

    private ClusterTables() {
    }

    static void print(JsonNode r, PrintStream out) {
        JsonNode settings = r.path("settings");
        out.println(StreamResultsHead.line("cluster", r, "PostgreSQL " + or(r.path("machine").path("postgres"), "?")));
        out.println(text(r.path("data").path("rows")) + " rows in " + text(r.path("data").path("files")) + " files per mode (+ "
                + text(settings.path("warmup_rows")) + " warm-up rows in " + or(settings.path("warmup_files"), "?")
                + " files first, not counted); executors " + text(settings.path("executor_memory")) + ", workers "
                + text(settings.path("worker_memory")) + " each");
        out.println("CPU seconds over the load (publish -> all rows committed); spark = driver + executors; local: the driver runs the tasks");
        out.println();
        JsonNode local = null;
        for (JsonNode run : r.path("runs")) {
            if (run.path("mode").asText().equals("local")) {
                local = run.path("rows_per_sec");
                break;
            }
        }
        TextTable table = new TextTable().row("mode", "spark cores", "rows/s", "rows/s/core", "vs local", "driver s", "executors s",
                "daemons s", "postgres s", "machine s", "rows/exec cpu s", "rows/spark cpu s", "rows/machine cpu s", "machine cores");
        for (JsonNode run : r.path("runs")) {
            JsonNode cpu = run.path("cpu_s");
            table.row(run.path("mode"), run.path("spark_cores"), run.path("rows_per_sec"), run.path("rows_per_sec_per_spark_core"),
                    local == null ? null : JqFigures.ratio(run.path("rows_per_sec"), local), cpu.path("driver"), cpu.path("executors"),
                    cpu.path("cluster_daemons"), cpu.path("postgres"), cpu.path("machine"), run.path("rows_per_executor_cpu_s"),
                    run.path("rows_per_spark_cpu_s"), run.path("rows_per_machine_cpu_s"), run.path("cpu_cores").path("machine"));
        }
        table.print(out);
        out.println();
        for (JsonNode run : r.path("runs")) {
            out.println(summary(run));
        }
        for (JsonNode run : r.path("runs")) {
            JsonNode errors = run.path("executors").path("first_errors");
            if (errors.size() > 0) {
                out.println(text(run.path("mode")) + " executor errors (first):");
                errors.forEach(error -> out.println("  " + text(error)));
            }
        }
    }

    /** One line per mode: batches, times, the cores of each part, the executors and their logs. */
    static String summary(JsonNode run) {
        JsonNode cores = run.path("cpu_cores");
        JsonNode executors = run.path("executors");
        JsonNode stream = run.path("stream");
        return text(run.path("mode")) + ": " + text(stream.path("batches")) + " batches, " + text(stream.path("seconds"))
                + " s first batch start -> last commit, window " + text(run.path("window_s")) + " s; cores: driver "
                + text(cores.path("driver")) + ", executors " + or(cores.path("executors"), "-") + ", postgres "
                + or(cores.path("postgres"), "-") + ", other " + or(cores.path("other"), "-")
                + (executors.isObject() ? "; " + text(executors.path("count")) + " executor(s), " + or(executors.path("app_cores"), "?")
                        + " cores granted, executor log: " + text(executors.path("log_errors")) + " ERROR / "
                        + text(executors.path("log_warnings")) + " WARN lines" : "")
                + "; driver log " + text(run.path("driver_log_errors")) + " ERROR lines; RSS driver peak "
                + text(stream.path("rss_peak_mb")) + " MB";
    }
}
