package dev.pipeline.bench.scenario;

import dev.pipeline.harness.StartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether the disk has room for what a run is about to write, before it starts: files in a folder
 * of this machine and rows in the benchmark PostgreSQL (whose data directory is checked when the
 * server runs here; on one file system the two share the free space). Says the estimate, and refuses
 * to start without the room.
 */
public final class DiskRoom {

    private DiskRoom() {
    }

    /**
     * @param what what the folder will hold, e.g. "CSV"
     * @param folder where it goes
     * @param folderAdvice what to do when the folder's file system is too small
     * @param postgresAdvice what to do when PostgreSQL's is
     * @throws StartupException when either does not fit
     */
    public static void check(BenchRun run, String what, Path folder, long folderNeed, long postgresNeed, String folderAdvice,
            String postgresAdvice) throws IOException {
        long folderFree = Files.getFileStore(folder).getUsableSpace();
        Path dataDirectory = null;
        Long postgresFree = null;
        try {
            dataDirectory = Path.of(Objects.requireNonNull(run.postgres().text("postgres", "SHOW data_directory")));
            postgresFree = Files.getFileStore(dataDirectory).getUsableSpace();
        } catch (SQLException | IOException | RuntimeException e) {
            // a server elsewhere, or a data directory this user cannot see: said below
        }
        run.say("disk: about %s of %s in %s (free %s) and %s in PostgreSQL%s", gb(folderNeed), what, folder, gb(folderFree),
                gb(postgresNeed), postgresFree != null ? " (free " + gb(postgresFree) + " at its data directory)"
                        : " (its free space cannot be read from here)");
        if (folderFree < folderNeed) {
            throw new StartupException("not enough disk for the " + what + " under " + folder.getParent() + " (" + folderAdvice + ")");
        }
        if (postgresFree != null) {
            long shared = sameFileSystem(folder, dataDirectory) ? folderNeed : 0;
            if (postgresFree < postgresNeed + shared) {
                throw new StartupException("not enough disk for PostgreSQL's data directory (" + postgresAdvice + ")");
            }
        }
    }

    private static boolean sameFileSystem(Path a, Path b) {
        try {
            return Files.getAttribute(a, "unix:dev").equals(Files.getAttribute(b, "unix:dev"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code 1.2 GB}. */
    public static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
