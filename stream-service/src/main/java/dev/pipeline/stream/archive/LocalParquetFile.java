package dev.pipeline.stream.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet file written straight to the local file system. Through Hadoop's local file system,
 * each file would get a {@code .name.crc} companion that every later move would have to carry
 * along; and it is forced to disk when closed. parquet-hadoop 1.13 (Spark 3.5's) has no local output file of its own.
 */
final class LocalParquetFile implements OutputFile {

    private static final int BUFFER_BYTES = 1 << 16;
    private final Path path;

    LocalParquetFile(Path path) {
        this.path = path;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        return open(StandardOpenOption.CREATE_NEW);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    private PositionOutputStream open(StandardOpenOption... options) throws IOException {
        FileChannel channel = FileChannel.open(path, withWrite(options));
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
        return new PositionOutputStream() {
            private long position;

            @Override
            public long getPos() {
                return position;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                position++;
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
                position += length;
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                // On disk before the rows' transaction commits: the raw file they came from goes next.
                out.flush();
                channel.force(true);
                out.close();
            }
        };
    }

    private static StandardOpenOption[] withWrite(StandardOpenOption... options) {
        StandardOpenOption[] all = java.util.Arrays.copyOf(options, options.length + 1);
        all[options.length] = StandardOpenOption.WRITE;
        return all;
    }
}
