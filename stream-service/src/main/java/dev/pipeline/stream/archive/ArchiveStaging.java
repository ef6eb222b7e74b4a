package dev.pipeline.stream.archive;

import dev.pipeline.model.UserEvent;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Runs on an executor, in a partition's transaction before it commits: writes the rows the
 * partition stored to {@code processed/_staging/<part>/event_date=YYYY-MM-DD.parquet}, one file per
 * date. The part's name is fixed by the batch and the partition's files, so a partition run again
 * (its transaction failed) replaces what it staged before. {@link ArchivePublisher} moves a part
 * into the archive once its transaction is committed; Spark never reads {@code _staging/} (names
 * starting with {@code _} are hidden to it), nor does retention touch it.
 */
public final class ArchiveStaging implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final String STAGING = "_staging";

    private final String processedDir;

    public ArchiveStaging(Path processedDir) {
        this.processedDir = processedDir.toString();
    }

    /** {@code q<query>-b<batch>-<hash of the partition's file names>}: the same for a rerun of the partition. */
    public static String partName(UUID queryId, long batchId, Collection<String> fileNames) {
        String files = fileNames.stream().sorted().collect(Collectors.joining("\n"));
        String hash = UUID.nameUUIDFromBytes(files.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
        return "q" + queryId.toString().substring(0, 8) + "-b" + batchId + "-" + hash.substring(0, 12);
    }

    /** Writes the part's rows, replacing whatever an earlier run of the partition staged. */
    public void stage(String part, List<UserEvent> rows) throws IOException {
        Path folder = Path.of(processedDir, STAGING, part);
        ArchivePublisher.deleteFolder(folder);
        Files.createDirectories(folder);
        Map<LocalDate, List<UserEvent>> byDate = rows.stream()
                .collect(Collectors.groupingBy(EventParquet::date, TreeMap::new, Collectors.toList()));
        for (Map.Entry<LocalDate, List<UserEvent>> date : byDate.entrySet()) {
            try (ParquetWriter<Group> writer = writer(folder.resolve(EventParquet.dateFolder(date.getKey()) + ".parquet"))) {
                for (UserEvent event : date.getValue()) {
                    writer.write(EventParquet.group(event));
                }
            }
        }
    }

    static ParquetWriter<Group> writer(Path file) throws IOException {
        return ExampleParquetWriter.builder(new LocalParquetFile(file))
                .withType(EventParquet.SCHEMA)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }
}
