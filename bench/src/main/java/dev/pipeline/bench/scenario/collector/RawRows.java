package dev.pipeline.bench.scenario.collector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rows a running collector published in {@code raw/}, read file by file as they appear: how many
 * there are, and how many of them it received within a time window (by each row's {@code received_at},
 * the last column, which the collector stamps when it takes the request). What a tracker request makes
 * of its messages is known only from these rows, not from its answer.
 *
 * <p>Rows are read from the bytes, not parsed whole: a point of the benchmark leaves millions.
 */
final class RawRows {

    private final Path raw;
    private final Set<Path> read = new HashSet<>();
    private long rows;
    private byte[] cachedDate = new byte[0];
    private long cachedDayMillis;

    RawRows(Path raw) {
        this.raw = raw;
    }

    /** Rows read so far, over all files. */
    long rows() {
        return rows;
    }

    /**
     * Reads the {@code .csv} files not read before; returns how many of their rows were received in
     * {@code [fromEpochMs, toEpochMs)}.
     */
    long readNew(long fromEpochMs, long toEpochMs) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(raw)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        long inWindow = 0;
        for (Path file : files) {
            if (read.add(file)) {
                inWindow += count(Files.readAllBytes(file), fromEpochMs, toEpochMs);
            }
        }
        return inWindow;
    }

    /** The rows after the header line; those received in the window are returned, all are added to {@link #rows()}. */
    long count(byte[] file, long fromEpochMs, long toEpochMs) {
        long inWindow = 0;
        int start = indexOf(file, 0) + 1; // past the header
        while (start > 0 && start < file.length) {
            int end = indexOf(file, start);
            int lineEnd = end < 0 ? file.length : end;
            if (lineEnd > start) {
                rows++;
                long at = receivedAt(file, start, lineEnd);
                if (at >= fromEpochMs && at < toEpochMs) {
                    inWindow++;
                }
            }
            start = end < 0 ? -1 : end + 1;
        }
        return inWindow;
    }

    /** {@code received_at} of the row, in epoch milliseconds: {@code [“]YYYY-MM-DDTHH:MM:SS[.f…]Z[”]} after the last comma. */
    long receivedAt(byte[] b, int from, int to) {
        int comma = to - 1;
        while (comma > from && b[comma] != ',') {
            comma--;
        }
        int i = comma + 1;
        if (b[i] == '"') {
            i++;
        }
        if (!sameDate(b, i)) {
            cachedDate = java.util.Arrays.copyOfRange(b, i, i + 10);
            cachedDayMillis = LocalDate.parse(new String(cachedDate, java.nio.charset.StandardCharsets.US_ASCII)).toEpochDay() * 86_400_000L;
        }
        long millis = cachedDayMillis + digits(b, i + 11, 2) * 3_600_000L + digits(b, i + 14, 2) * 60_000L + digits(b, i + 17, 2) * 1_000L;
        if (b[i + 19] == '.') {
            for (int d = 0, scale = 100; d < 3 && Character.isDigit(b[i + 20 + d]); d++, scale /= 10) {
                millis += (b[i + 20 + d] - '0') * (long) scale;
            }
        }
        return millis;
    }

    private boolean sameDate(byte[] b, int at) {
        if (cachedDate.length != 10) {
            return false;
        }
        for (int k = 0; k < 10; k++) {
            if (b[at + k] != cachedDate[k]) {
                return false;
            }
        }
        return true;
    }

    private static int digits(byte[] b, int at, int count) {
        int n = 0;
        for (int k = 0; k < count; k++) {
            n = n * 10 + (b[at + k] - '0');
        }
        return n;
    }

    private static int indexOf(byte[] b, int from) {
        for (int k = from; k < b.length; k++) {
            if (b[k] == '\n') {
                return k;
            }
        }
        return -1;
    }
}
