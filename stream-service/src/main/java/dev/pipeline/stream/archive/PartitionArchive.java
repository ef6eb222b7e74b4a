package dev.pipeline.stream.archive;

import dev.pipeline.model.UserEvent;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * The archive as one partition of a batch sees it, on an executor (it is serialized there):
 * <ol>
 *   <li>before its transaction commits, {@link #stage} writes the rows the partition stored to
 *       {@code processed/_staging/<part>/event_date=YYYY-MM-DD.parquet}, one file per date. The
 *       part's name is fixed by the batch and the partition's files, so a rerun of the partition
 *       replaces what it staged before;</li>
 *   <li>once it has committed, {@link #finish} publishes the part and takes the partition's files
 *       out of {@code raw/}: a file leaves {@code raw/} the moment its rows are committed.</li>
 * </ol>
 * Spark never reads {@code _staging/} (names starting with {@code _} are hidden to it), nor does
 * retention touch it. What a crash between the two leaves, {@link Archive#recover} finishes.
 */
public final class PartitionArchive implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final String STAGING = "_staging";

    private final ArchiveFormat format;
    private final String rawDir;
    private final String processedDir;

    public PartitionArchive(ArchiveFormat format, Path rawDir, Path processedDir) {
        this.format = format;
        this.rawDir = rawDir.toString();
        this.processedDir = processedDir.toString();
    }

    /** {@code q<query>-b<batch>-<hash of the partition's file names>}: the same for a rerun of the partition. */
    public static String partName(UUID queryId, long batchId, Collection<String> fileNames) {
        String files = fileNames.stream().sorted().collect(Collectors.joining("\n"));
        String hash = UUID.nameUUIDFromBytes(files.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
        return "q" + queryId.toString().substring(0, 8) + "-b" + batchId + "-" + hash.substring(0, 12);
    }

    /** Whether rows are archived (as Parquet), so that {@link #stage} is to be called. */
    public boolean keepsRows() {
        return format == ArchiveFormat.PARQUET;
    }

    /** Writes the part's rows, replacing whatever an earlier run of the partition staged. */
    public void stage(String part, List<UserEvent> rows) throws IOException {
        Path folder = Path.of(processedDir, STAGING, part);
        ArchivePublisher.deleteFolder(folder);
        Files.createDirectories(folder);
        Map<LocalDate, List<UserEvent>> byDate = rows.stream()
                .collect(Collectors.groupingBy(EventParquet::date, TreeMap::new, Collectors.toList()));
        for (Map.Entry<LocalDate, List<UserEvent>> date : byDate.entrySet()) {
            try (ParquetWriter<UserEvent> writer = EventParquetWriter.open(
                    folder.resolve(EventParquet.dateFolder(date.getKey()) + ".parquet"))) {
                for (UserEvent event : date.getValue()) {
                    writer.write(event);
                }
            }
        }
    }

    /** After the commit: the part into the archive (if it staged one), the files out of {@code raw/}. */
    public void finish(String part, Collection<String> fileNames) throws IOException {
        if (keepsRows()) {
            publisher().publish(part);
        }
        for (String name : fileNames) {
            takeOutOfRaw(name);
        }
    }

    ArchivePublisher publisher() {
        return new ArchivePublisher(Path.of(processedDir));
    }

    /** Deleted, or for {@link ArchiveFormat#CSV} moved to {@code processed/} as it is. */
    void takeOutOfRaw(String name) throws IOException {
        Path file = Path.of(rawDir, name);
        try {
            if (format == ArchiveFormat.CSV) {
                Files.move(file, Path.of(processedDir, name), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException goneAlready) {
            // taken out by an earlier run of this (the partition's, the batch's, the recovery at start)
        }
    }
}
