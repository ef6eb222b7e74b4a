package dev.pipeline.stream.retention;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass of retention over one folder ({@code processed/} or {@code error/}), recursively: every
 * file modified before a cutoff is deleted, then every sub-folder left empty (a date folder
 * {@code event_date=2026-11-17/} of the archive whose files all went) once it has not changed for a
 * while, so that a folder a writer has just created, and is about to move a file into, is never
 * taken from under it. Entries whose name starts with {@code _} ({@code _staging/}, {@code _SUCCESS})
 * are never touched, nor anything inside them: they belong to a writer at work. The folder itself
 * stays. Files that vanish meanwhile (moved or deleted by someone else) are skipped; a file that
 * cannot be deleted is counted in {@link Result#failures()} and the pass goes on.
 */
public final class RetentionSweep {

    /** At most this many failures are kept as examples. */
    private static final int FAILURES_KEPT = 5;

    private RetentionSweep() {
    }

    /**
     * What one pass removed.
     *
     * @param files files deleted
     * @param bytes their size
     * @param oldest the oldest modification time among them; null when none
     * @param folders empty sub-folders removed
     * @param failed entries that could not be deleted or read
     * @param failures a few of them, "path: reason"
     */
    public record Result(long files, long bytes, Instant oldest, long folders, long failed, List<String> failures) {

        static final Result NOTHING = new Result(0, 0, null, 0, 0, List.of());

        public boolean removedAnything() {
            return files > 0 || folders > 0;
        }
    }

    /**
     * Deletes, under {@code root}, the files last modified before {@code filesBefore}, and the empty
     * sub-folders last modified before {@code emptyFoldersBefore}. A missing {@code root} is nothing
     * to do.
     */
    public static Result sweep(Path root, Instant filesBefore, Instant emptyFoldersBefore) {
        if (!Files.isDirectory(root)) {
            return Result.NOTHING;
        }
        Visitor visitor = new Visitor(root, filesBefore.toEpochMilli(), emptyFoldersBefore.toEpochMilli());
        try {
            Files.walkFileTree(root, visitor);
        } catch (IOException e) {
            visitor.failed(root, e);
        }
        return visitor.result();
    }

    private static boolean belongsToAWriter(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith("_");
    }

    private static final class Visitor extends SimpleFileVisitor<Path> {

        private final Path root;
        private final long filesBefore;
        private final long emptyFoldersBefore;
        private long files;
        private long bytes;
        private long oldest = Long.MAX_VALUE;
        private long folders;
        private long failed;
        private final List<String> failures = new ArrayList<>();

        Visitor(Path root, long filesBefore, long emptyFoldersBefore) {
            this.root = root;
            this.filesBefore = filesBefore;
            this.emptyFoldersBefore = emptyFoldersBefore;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            return !dir.equals(root) && belongsToAWriter(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (belongsToAWriter(file) || attributes.isDirectory()) {
                return FileVisitResult.CONTINUE;
            }
            long modified = attributes.lastModifiedTime().toMillis();
            if (modified >= filesBefore) {
                return FileVisitResult.CONTINUE;
            }
            try {
                Files.delete(file);
                files++;
                bytes += attributes.size();
                oldest = Math.min(oldest, modified);
            } catch (NoSuchFileException gone) {
                // Moved or deleted meanwhile: nothing left to do.
            } catch (IOException e) {
                failed(file, e);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            if (!(e instanceof NoSuchFileException)) {
                failed(file, e);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            if (e != null && !(e instanceof NoSuchFileException)) {
                failed(dir, e);
                return FileVisitResult.CONTINUE;
            }
            if (dir.equals(root)) {
                return FileVisitResult.CONTINUE;
            }
            try {
                // Its time changes with every entry added or removed: it is unchanged since then.
                if (Files.getLastModifiedTime(dir).toMillis() < emptyFoldersBefore && isEmpty(dir)) {
                    Files.delete(dir);
                    folders++;
                }
            } catch (DirectoryNotEmptyException | NoSuchFileException raced) {
                // A writer put something in, or someone removed it: either way it is not ours to remove.
            } catch (IOException failure) {
                failed(dir, failure);
            }
            return FileVisitResult.CONTINUE;
        }

        private static boolean isEmpty(Path dir) throws IOException {
            try (var entries = Files.newDirectoryStream(dir)) {
                return !entries.iterator().hasNext();
            }
        }

        void failed(Path path, IOException e) {
            failed++;
            if (failures.size() < FAILURES_KEPT) {
                failures.add(path + ": " + e);
            }
        }

        Result result() {
            return new Result(files, bytes, files == 0 ? null : Instant.ofEpochMilli(oldest), folders, failed,
                    List.copyOf(failures));
        }
    }
}
