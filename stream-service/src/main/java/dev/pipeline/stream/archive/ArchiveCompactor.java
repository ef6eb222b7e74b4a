package dev.pipeline.stream.archive;

import dev.pipeline.model.UserEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * Merges the small Parquet files of each date folder of the archive (one per partition of each
 * batch: thousands an hour at a 1 s trigger) into one {@code c-<time>-<id>.parquet}, so that reading
 * a day of the archive opens a few dozen files, not tens of thousands.
 *
 * <p>Crash-safe by a manifest: the merged file is written in {@code processed/_compact/}, then a
 * manifest naming it and its inputs is written and renamed into place (the commit point), then the
 * merged file moves into the date folder and the inputs are deleted. {@link #recover()} finishes a
 * committed compaction and discards an uncommitted one, so each row is in the archive once when it
 * is done; a reader that lists the folder between the move and the deletes sees both for a moment.
 * The merged file keeps the newest input's modification time, so retention ages its rows as before.
 */
public final class ArchiveCompactor {

    static final String COMPACT = "_compact";
    private static final String MANIFEST = ".manifest";

    private final Path processedDir;
    private final Configuration hadoop = new Configuration();

    /** What one pass did. */
    public record Result(int folders, int inputs, long rows) {
    }

    public ArchiveCompactor(Path processedDir) {
        this.processedDir = processedDir;
        // Read local files without Hadoop's checksum layer: the archive has no .crc files.
        hadoop.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
        hadoop.setBoolean("fs.file.impl.disable.cache", true);
    }

    /** Merges every date folder that has two or more batch parts. */
    public Result compactAll() throws IOException {
        recover();
        int folders = 0;
        int inputs = 0;
        long rows = 0;
        for (Path folder : ArchivePublisher.list(processedDir)) {
            String name = folder.getFileName().toString();
            if (!name.startsWith("event_date=") || !Files.isDirectory(folder)) {
                continue;
            }
            List<Path> parts = batchParts(folder);
            if (parts.size() < 2) {
                continue;
            }
            rows += merge(folder, parts);
            folders++;
            inputs += parts.size();
        }
        return new Result(folders, inputs, rows);
    }

    /** Finishes a compaction whose manifest is written; drops the leftovers of one that is not. */
    public void recover() throws IOException {
        Path work = processedDir.resolve(COMPACT);
        for (Path file : ArchivePublisher.list(work)) {
            if (file.getFileName().toString().endsWith(MANIFEST)) {
                finish(file);
            }
        }
        for (Path file : ArchivePublisher.list(work)) {
            Files.deleteIfExists(file);
        }
    }

    private static List<Path> batchParts(Path folder) throws IOException {
        List<Path> parts = new ArrayList<>();
        for (Path file : ArchivePublisher.list(folder)) {
            String name = file.getFileName().toString();
            if (name.startsWith("q") && name.endsWith(".parquet")) {
                parts.add(file);
            }
        }
        return parts;
    }

    private long merge(Path folder, List<Path> inputs) throws IOException {
        Path work = Files.createDirectories(processedDir.resolve(COMPACT));
        String id = "c-" + System.currentTimeMillis() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path merged = work.resolve(id + ".parquet");
        long rows = 0;
        long newest = 0;
        try (ParquetWriter<UserEvent> writer = EventParquetWriter.open(merged)) {
            for (Path input : inputs) {
                newest = Math.max(newest, Files.getLastModifiedTime(input).toMillis());
                try (ParquetReader<Group> reader = ParquetReader
                        .builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(input.toUri()))
                        .withConf(hadoop).build()) {
                    for (Group row = reader.read(); row != null; row = reader.read()) {
                        writer.write(EventParquet.event(row));
                        rows++;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(merged);
            throw e;
        }
        Files.setLastModifiedTime(merged, FileTime.fromMillis(newest));
        List<String> lines = new ArrayList<>();
        lines.add(processedDir.relativize(folder.resolve(id + ".parquet")).toString());
        inputs.forEach(input -> lines.add(processedDir.relativize(input).toString()));
        Path manifest = work.resolve(id + MANIFEST);
        Path written = Files.write(work.resolve(id + MANIFEST + ".tmp"), lines, StandardCharsets.UTF_8);
        Files.move(written, manifest, StandardCopyOption.ATOMIC_MOVE);
        finish(manifest);
        return rows;
    }

    /** Moves the merged file in (if not yet), deletes the inputs (those still there), then the manifest. */
    private void finish(Path manifest) throws IOException {
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        Path target = processedDir.resolve(lines.get(0));
        Path merged = manifest.resolveSibling(target.getFileName());
        if (Files.exists(merged)) {
            ArchivePublisher.moveInto(merged, target);
        }
        for (String input : lines.subList(1, lines.size())) {
            try {
                Files.deleteIfExists(processedDir.resolve(input));
            } catch (NoSuchFileException folderGone) {
                // retention took it (and its folder) meanwhile
            }
        }
        Files.delete(manifest);
    }
}
