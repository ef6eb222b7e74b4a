package dev.pipeline.bench.scenario.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.bench.scenario.BenchRun;
import dev.pipeline.harness.ChildProcess;
import dev.pipeline.harness.LogTail;
import dev.pipeline.harness.StartupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw CSV files for a load, written by bench.jar's {@code csv} tool in a JVM of its own, as the
 * scripts ran {@code java -jar bench.jar csv}: the JSON line it prints (rows, files, bytes, ids,
 * users, products, time span) is the results file's {@code data}; in this JVM it would go to the
 * scenario's stdout, among the tables.
 */
public final class CsvData {

    private static final Duration TIMEOUT = Duration.ofHours(2);

    private CsvData() {
    }

    /**
     * @param name the tool's log, {@code <work>/<name>.log}
     * @param arguments the {@code csv} tool's options ({@code --out DIR --files N --rows-per-file R ...})
     * @return what it printed: {@code {files, rows, bytes, ids, users, products, span_s, first_received_at, last_received_at}}
     */
    public static JsonNode write(BenchRun run, String name, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("csv"));
        command.addAll(List.of(arguments));
        ChildProcess tool = run.benchTool(name, List.of(), command);
        if (!tool.waitFor(TIMEOUT) || tool.exitValue() != 0) {
            tool.killNow();
            throw new StartupException("bench.jar csv failed; the end of " + tool.log() + ":\n" + LogTail.of(tool.log(), 20));
        }
        List<String> lines = Files.readAllLines(tool.log(), StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("{")) {
                return BenchRun.JSON.readTree(lines.get(i));
            }
        }
        throw new StartupException("bench.jar csv printed no JSON line; see " + tool.log());
    }

    /** The {@code *.csv} files of a folder in name order (the order they were written in: time order). */
    public static List<Path> files(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.csv")) {
            entries.forEach(files::add);
        }
        files.sort(null);
        return files;
    }
}
