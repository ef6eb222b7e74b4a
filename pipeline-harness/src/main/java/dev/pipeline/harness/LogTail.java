package dev.pipeline.harness;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log file, for an error message; only the file's end is read, however long the run was. */
public final class LogTail {

    private static final int BYTES_READ = 16 * 1024;

    private LogTail() {
    }

    public static String of(Path log, int lines) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - BYTES_READ);
            byte[] end = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(end);
            List<String> all = Arrays.asList(new String(end, StandardCharsets.UTF_8).split("\n"));
            StringBuilder text = new StringBuilder();
            for (String line : all.subList(Math.max(0, all.size() - lines), all.size())) {
                text.append("    ").append(line).append('\n');
            }
            return text.toString();
        } catch (IOException e) {
            return "    (cannot read " + log + ": " + e.getMessage() + ")\n";
        }
    }
}
