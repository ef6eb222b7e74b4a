package dev.pipeline.harness;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a folder holds on disk: the apparent size of its tree, its directories counted as
 * {@code du -sb} counts them, and its regular files. Made for folders that change while they are
 * read (a service moving, writing and deleting files): what vanishes during the walk counts as
 * nothing, and a folder that does not exist is empty.
 *
 * @param bytes apparent size of every entry, directories included
 * @param files regular files
 */
public record FolderSize(long bytes, long files) {

    public static final FolderSize NONE = new FolderSize(0, 0);

    /** Walks {@code root} (symbolic links not followed). */
    public static FolderSize of(Path root) throws IOException {
        if (!Files.exists(root)) {
            return NONE;
        }
        long[] tally = new long[2];
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                tally[0] += attributes.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                tally[0] += attributes.size();
                if (attributes.isRegularFile()) {
                    tally[1]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // moved or deleted since its folder was listed: it no longer counts
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return new FolderSize(tally[0], tally[1]);
    }
}
