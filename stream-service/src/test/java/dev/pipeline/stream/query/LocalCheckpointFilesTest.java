package dev.pipeline.stream.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.execution.streaming.CheckpointFileManager.CancellableFSDataOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint's files as Spark's metadata logs use them, on a real folder. */
class LocalCheckpointFilesTest {

    @TempDir
    java.nio.file.Path folder;

    private LocalCheckpointFiles files() throws IOException {
        return new LocalCheckpointFiles(new Path(folder.toUri()), new Configuration(false));
    }

    @Test
    void aFileAppearsWholeUnderItsNameOnlyWhenClosed() throws IOException {
        LocalCheckpointFiles files = files();
        Path batch = new Path(folder.resolve("offsets/7").toUri());
        files.mkdirs(batch.getParent());
        try (CancellableFSDataOutputStream out = files.createAtomic(batch, false)) {
            out.write("v1\n{}".getBytes(StandardCharsets.UTF_8));
            assertThat(files.exists(batch)).isFalse();
        }
        assertThat(files.exists(batch)).isTrue();
        try (FSDataInputStream in = files.open(batch)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("v1\n{}");
        }
        // Nothing but the file is left beside it: no temporary file, no checksum file.
        try (var listing = Files.list(folder.resolve("offsets"))) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("7");
        }
    }

    @Test
    void aSecondWriterOfTheSameBatchIsRefusedAndTheFirstKept() throws IOException {
        LocalCheckpointFiles files = files();
        Path batch = new Path(folder.resolve("7").toUri());
        write(files, batch, "first", false);
        assertThatThrownBy(() -> write(files, batch, "second", false))
                .isInstanceOf(org.apache.hadoop.fs.FileAlreadyExistsException.class);
        assertThat(Files.readString(folder.resolve("7"))).isEqualTo("first");
        write(files, batch, "replaced", true);
        assertThat(Files.readString(folder.resolve("7"))).isEqualTo("replaced");
        try (var listing = Files.list(folder)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("7");
        }
    }

    @Test
    void aCancelledFileLeavesNothing() throws IOException {
        LocalCheckpointFiles files = files();
        Path batch = new Path(folder.resolve("3").toUri());
        CancellableFSDataOutputStream out = files.createAtomic(batch, false);
        out.write(1);
        out.cancel();
        out.close();
        try (var listing = Files.list(folder)) {
            assertThat(listing).isEmpty();
        }
    }

    @Test
    void listsWithTheFilterAndDeletesFilesFoldersAndOldChecksums() throws IOException {
        LocalCheckpointFiles files = files();
        for (String name : new String[] {"1", "2", "10.compact"}) {
            write(files, new Path(folder.resolve(name).toUri()), name, false);
        }
        Files.writeString(folder.resolve(".1.crc"), "checksum of Spark's default manager");
        FileStatus[] numbered = files.list(new Path(folder.toUri()), path -> path.getName().matches("\\d+"));
        assertThat(Arrays.stream(numbered).map(status -> status.getPath().getName())).containsExactlyInAnyOrder("1", "2");

        files.delete(new Path(folder.resolve("1").toUri()));
        files.delete(new Path(folder.resolve("never-there").toUri()));
        assertThat(folder.resolve("1")).doesNotExist();
        assertThat(folder.resolve(".1.crc")).doesNotExist();

        Files.createDirectories(folder.resolve("sources/0"));
        Files.writeString(folder.resolve("sources/0/0"), "x");
        files.delete(new Path(folder.resolve("sources").toUri()));
        assertThat(folder.resolve("sources")).doesNotExist();
        assertThat(files.list(new Path(folder.resolve("sources").toUri()), path -> true)).isEmpty();
    }

    private static void write(LocalCheckpointFiles files, Path path, String text, boolean overwrite) throws IOException {
        try (OutputStream out = files.createAtomic(path, overwrite)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
