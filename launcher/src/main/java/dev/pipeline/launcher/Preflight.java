package dev.pipeline.launcher;

import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.StartupException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What is checked before anything starts, each failure said with what to do about it. */
final class Preflight {

    /** Below this the collector would soon answer 503 (it keeps its own reserve), so the run would show little. */
    static final long MIN_FREE_BYTES = 1L << 30;

    private Preflight() {
    }

    static void check(RunOptions options, boolean embeddedDatabase) {
        for (ServiceModule service : ServiceModule.values()) {
            if (!Files.isRegularFile(service.jar(options.home()))) {
                throw new StartupException(service.jar(options.home()) + " is missing: build with ./mvnw package -DskipTests"
                        + " (./run.sh does when a jar is missing; ./run.sh --rebuild forces it)");
            }
        }
        freeDisk(options.dataDir());
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("--collector-port", options.collectorPort());
        ports.put("--stream-port", options.streamPort());
        for (int i = 0; i < options.generators(); i++) {
            ports.put("--generator-port" + (i == 0 ? "" : " (generator " + (i + 1) + ")"), options.generatorPort() + i);
        }
        if (embeddedDatabase) {
            ports.put("--pg-port", options.pgPort());
        }
        ports.forEach(Preflight::portFree);
    }

    private static void freeDisk(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            long free = Files.getFileStore(dataDir).getUsableSpace();
            if (free < MIN_FREE_BYTES) {
                throw new StartupException(String.format("only %.0f MiB free where the data goes (%s); the pipeline needs"
                        + " at least %d MiB. Free some space, or choose another folder with --data-dir.",
                        free / 1048576.0, dataDir.toAbsolutePath(), MIN_FREE_BYTES >> 20));
            }
        } catch (IOException e) {
            throw new StartupException("cannot use the data folder " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static void portFree(String option, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new StartupException("port " + port + " is already in use (" + e.getMessage() + "). Stop what holds it"
                    + " (ss -ltnp 'sport = :" + port + "' shows it), or choose another port with " + option.split(" ")[0]
                    + ".");
        }
    }
}
