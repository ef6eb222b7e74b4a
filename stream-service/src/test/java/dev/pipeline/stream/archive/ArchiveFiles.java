package dev.pipeline.stream.archive;

import dev.pipeline.model.EventType;
import dev.pipeline.model.UserEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/** Events to archive and the archive's files read back, row by row (no Spark needed). */
public final class ArchiveFiles {

    private ArchiveFiles() {
    }

    static List<UserEvent> events(String prefix, int from, int count, Instant at) {
        return IntStream.range(from, from + count).mapToObj(i -> new UserEvent(prefix + i, "u-" + i,
                EventType.PURCHASE, "p-1", new BigDecimal("2.50"), at, at.plusSeconds(1))).toList();
    }

    /** Every row of every {@code .parquet} file under the folder, skipping {@code _staging/} and {@code _compact/}. */
    public static List<UserEvent> rows(Path processed) {
        List<UserEvent> rows = new ArrayList<>();
        for (Path file : parquetFiles(processed)) {
            Configuration conf = new Configuration();
            conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
            try (ParquetReader<Group> reader = ParquetReader
                    .builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri())).withConf(conf).build()) {
                for (Group row = reader.read(); row != null; row = reader.read()) {
                    rows.add(EventParquet.event(row));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }

    public static List<Path> parquetFiles(Path processed) {
        try (Stream<Path> files = Files.walk(processed)) {
            return files.filter(f -> f.toString().endsWith(".parquet"))
                    .filter(f -> !processed.relativize(f).toString().startsWith("_")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
