package dev.pipeline.stream.archive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a committed part from {@code processed/_staging/<part>/event_date=D.parquet} to
 * {@code processed/event_date=D/<part>.parquet}, one rename per file. Doing it again after a crash in
 * the middle moves what is left: every step is a rename, and a file already moved is not there to
 * move twice.
 */
final class ArchivePublisher {

    private final Path processedDir;

    ArchivePublisher(Path processedDir) {
        this.processedDir = processedDir;
    }

    Path stagingDir() {
        return processedDir.resolve(PartitionArchive.STAGING);
    }

    /** @return the number of files moved into the archive */
    int publish(String part) throws IOException {
        Path folder = stagingDir().resolve(part);
        int moved = 0;
        for (Path staged : list(folder)) {
            String name = staged.getFileName().toString();
            if (!name.endsWith(".parquet")) {
                continue;
            }
            Path target = processedDir.resolve(name.substring(0, name.length() - ".parquet".length()))
                    .resolve(part + ".parquet");
            if (moveInto(staged, target)) {
                moved++;
            }
        }
        deleteFolder(folder);
        return moved;
    }

    /**
     * Moves a finished file into its date folder, creating it. Retention removes a date folder left
     * empty (by itself or by compaction) between our creating it and moving into it: then again.
     *
     * @return false when the file had been moved already (by a publish of the same part that ran first)
     */
    static boolean moveInto(Path file, Path target) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Files.createDirectories(target.getParent());
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (NoSuchFileException e) {
                if (!Files.exists(file)) {
                    return false;
                }
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** The parts in {@code _staging/}: committed ones waiting to be published, or left by a crash. */
    List<String> stagedParts() throws IOException {
        List<String> parts = new ArrayList<>();
        for (Path folder : list(stagingDir())) {
            parts.add(folder.getFileName().toString());
        }
        return parts;
    }

    static List<Path> list(Path folder) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return entries;
    }

    static void deleteFolder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
