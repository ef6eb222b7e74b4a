package dev.pipeline.collector.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Makes directory entries durable: a new or renamed file survives a crash only once its folder is synced. */
final class Fsync {

    private Fsync() {
    }

    static void directory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
