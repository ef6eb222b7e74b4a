package dev.pipeline.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pipeline.harness.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The common head of every results file: {@code date}, {@code git_commit}, {@code git_dirty} and the
 * {@code machine} (cores, memory, Java, kernel; with a PostgreSQL, its version, {@code shared_buffers}
 * and the load average at the start).
 */
final class Head {

    private Head() {
    }

    static ObjectNode of(Path home, BenchPostgres postgres) {
        ObjectNode head = BenchRun.JSON.createObjectNode();
        head.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        String commit = git(home, "rev-parse", "--short", "HEAD");
        head.put("git_commit", commit.isEmpty() ? "unknown" : commit);
        head.put("git_dirty", !git(home, "status", "--porcelain").isEmpty());
        ObjectNode machine = head.putObject("machine");
        machine.put("nproc", Runtime.getRuntime().availableProcessors());
        machine.put("mem_total_mb", memTotalMb());
        machine.put("java", javaVersion());
        machine.put("kernel", System.getProperty("os.version"));
        if (postgres != null) {
            machine.put("postgres", postgres.setting("server_version"));
            machine.put("shared_buffers", postgres.setting("shared_buffers"));
            machine.put("loadavg_at_start", loadAverage());
        }
        return head;
    }

    private static long memTotalMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // below
        }
        return 0;
    }

    /** The first line {@code java -version} prints, without its quotes, e.g. {@code openjdk version 17.0.15 2025-04-15}. */
    private static String javaVersion() {
        String runtime = System.getProperty("java.runtime.name", "").toLowerCase().contains("openjdk") ? "openjdk" : "java";
        String date = System.getProperty("java.version.date", "");
        return (runtime + " version " + System.getProperty("java.version") + " " + date).trim();
    }

    /** The first three fields of {@code /proc/loadavg}, e.g. {@code 0.42 1.73 1.94}; "unknown" when unreadable. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
            return String.join(" ", List.of(fields).subList(0, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** What git prints, trimmed; empty when git fails (not a checkout, no git). */
    private static String git(Path home, String... arguments) {
        List<String> command = new ArrayList<>(List.of("git", "-C", home.toString()));
        command.addAll(List.of(arguments));
        try {
            Command.Result git = Command.run(command, Duration.ofSeconds(30));
            return git.ok() ? git.output().trim() : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
