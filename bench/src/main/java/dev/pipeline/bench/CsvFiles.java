package dev.pipeline.bench;

import dev.pipeline.model.csv.EventCsv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Raw files in the contract's CSV form, as the collector would have written them, for the stream
 * benchmarks: {@code csv} writes them into a folder the stream does not watch, {@code publish} moves
 * them into {@code raw/} by atomic rename, all at once or one every interval.
 *
 * <p>Rows are in time order across the files (file k holds the k-th slice of the time span), as the
 * collector writes them: {@code received_at} rises through the files, {@code event_timestamp} is a
 * little earlier (0–2 s). Event ids are UUIDv7-like (48-bit milliseconds of {@code received_at}, then
 * random bits: time-ordered, as the generator's are) or, with {@code --ids random}, version 4 UUIDs.
 * User ids {@code u-<n>} are uniform over {@code --users}, product ids {@code p-<n>} over
 * {@code --products}; event types are 70 % view, 20 % add_to_cart, 10 % purchase; prices 0.50–500.00.
 */
public final class CsvFiles {

    private CsvFiles() {}

    /** {@code csv --out DIR --files N --rows-per-file R [--ids uuid7|random] [--users U] [--products P] [--span D] [--seed S] [--name NAME]}. */
    public static int write(String[] args) throws IOException {
        Flags flags = Flags.parse(args, Set.of("--out", "--files", "--rows-per-file", "--ids", "--users", "--products",
                "--span", "--seed", "--name"), Set.of());
        Path out = flags.path("--out").orElse(null);
        int files = flags.integer("--files", 100);
        int rowsPerFile = flags.integer("--rows-per-file", 10_000);
        String ids = flags.string("--ids", "uuid7");
        if (!ids.equals("uuid7") && !ids.equals("random")) {
            throw new IllegalArgumentException("--ids takes uuid7 or random");
        }
        boolean timeOrderedIds = ids.equals("uuid7");
        int users = flags.integer("--users", 50_000, 1, Integer.MAX_VALUE);
        int products = flags.integer("--products", 5_000, 1, Integer.MAX_VALUE);
        Duration span = flags.duration("--span", Duration.ofHours(24));
        long seed = flags.longValue("--seed", System.nanoTime());
        String name = flags.string("--name", "bench");
        if (out == null || files < 1 || rowsPerFile < 1) {
            throw new IllegalArgumentException("csv needs --out DIR, --files >= 1 and --rows-per-file >= 1");
        }
        Files.createDirectories(out);
        SplittableRandom random = new SplittableRandom(seed);
        long rows = (long) files * rowsPerFile;
        long endMillis = System.currentTimeMillis();
        long startMillis = endMillis - span.toMillis();
        long bytes = 0;
        int digits = Math.max(5, Integer.toString(files).length());
        StringBuilder line = new StringBuilder(200);
        long row = 0;
        for (int f = 0; f < files; f++) {
            Path file = out.resolve(String.format(Locale.ROOT, "%s-%0" + digits + "d.csv", name, f));
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                writer.write(EventCsv.HEADER);
                for (int r = 0; r < rowsPerFile; r++, row++) {
                    long received = startMillis + (rows == 1 ? 0 : span.toMillis() * row / (rows - 1));
                    long event = received - random.nextInt(2_000);
                    line.setLength(0);
                    line.append(timeOrderedIds ? uuid7(received, random) : uuid4(random)).append(',');
                    line.append("u-").append(random.nextInt(users)).append(',');
                    int type = random.nextInt(10);
                    line.append(type < 7 ? "view" : type < 9 ? "add_to_cart" : "purchase").append(',');
                    line.append("p-").append(random.nextInt(products)).append(',');
                    int cents = 50 + random.nextInt(49_951);
                    line.append(cents / 100).append('.').append(cents % 100 < 10 ? "0" : "").append(cents % 100).append(',');
                    line.append(Instant.ofEpochMilli(event)).append(',');
                    line.append(Instant.ofEpochMilli(received)).append('\n');
                    writer.append(line);
                }
            }
            bytes += Files.size(file);
        }
        System.out.printf(Locale.ROOT, "{\"files\": %d, \"rows\": %d, \"bytes\": %d, \"ids\": \"%s\", \"users\": %d,"
                + " \"products\": %d, \"span_s\": %d, \"first_received_at\": \"%s\", \"last_received_at\": \"%s\"}%n",
                files, rows, bytes, timeOrderedIds ? "uuid7" : "random", users, products, span.toSeconds(),
                Instant.ofEpochMilli(startMillis), Instant.ofEpochMilli(endMillis));
        return 0;
    }

    /**
     * {@code publish --from DIR --to DIR [--every D]}: moves every {@code *.csv} of one folder into the
     * other (same file system: an atomic rename, as the collector publishes), in name order, all at once
     * or one every {@code D}, on a fixed schedule. Prints when the first and the last moved.
     */
    public static int publish(String[] args) throws IOException, InterruptedException {
        Flags flags = Flags.parse(args, Set.of("--from", "--to", "--every"), Set.of("--touch"));
        Path from = flags.path("--from").orElse(null);
        Path to = flags.path("--to").orElse(null);
        Duration every = flags.duration("--every", Duration.ZERO);
        boolean touch = flags.has("--touch");
        if (from == null || to == null) {
            throw new IllegalArgumentException("publish needs --from DIR and --to DIR");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(from, "*.csv")) {
            entries.forEach(files::add);
        }
        files.sort(null);
        Files.createDirectories(to);
        long firstMs = 0;
        long start = System.nanoTime();
        for (int i = 0; i < files.size(); i++) {
            if (!every.isZero()) {
                long left = start + i * every.toNanos() - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
            }
            Path file = files.get(i);
            if (touch) {
                // A file written long before: the stream's file source orders and ages files by mtime.
                Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            }
            try {
                Files.move(file, to.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("publishing " + file, e);
            }
            if (i == 0) {
                firstMs = System.currentTimeMillis();
            }
        }
        System.out.printf(Locale.ROOT, "{\"published\": %d, \"first_epoch_ms\": %d, \"last_epoch_ms\": %d}%n",
                files.size(), firstMs, System.currentTimeMillis());
        return 0;
    }

    /** 48 bits of milliseconds, version 7, 74 random bits: sorts by time, as RFC 9562 UUIDv7. */
    private static String uuid7(long millis, SplittableRandom random) {
        long high = (millis << 16) | 0x7000L | random.nextInt(1 << 12);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(high, low).toString();
    }

    private static String uuid4(SplittableRandom random) {
        long high = (random.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(high, low).toString();
    }
}
