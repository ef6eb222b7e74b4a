package dev.pipeline.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pipeline.harness.Command;
import dev.pipeline.harness.KeptLogs;
import dev.pipeline.harness.ServiceModule;
import dev.pipeline.harness.pipeline.PipelineHarness;
import dev.pipeline.harness.pipeline.PipelineHarness.Drained;
import dev.pipeline.harness.pipeline.PipelineHarness.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into the running pipeline, each scenario under a steady load (one generator at 400
 * events/s, 2 % invalid and 2 % duplicate events, every acknowledged id recorded), each on a fresh data
 * folder and a PostgreSQL of its own. After the fault the pipeline is drained and reconciled event by
 * event: every acknowledged valid id is in {@code user_events} exactly once, every acknowledged invalid
 * one is quarantined with the reason it was made to break, nothing acknowledged is lost. The figures go
 * to {@code target/faults/results.md} and {@code .json}.
 *
 * <p>Run with {@code ./mvnw -Pfaults verify -pl launcher -am} once every module is packaged; not part of
 * the default {@code ./mvnw verify}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);
    private static final long MiB = 1024 * 1024;

    @TempDir
    Path tmp;

    /** The services' logs outlive the temporary folder: {@code target/faults/logs/<scenario>/}. */
    @AfterEach
    void keepLogs(TestInfo test) throws IOException {
        KeptLogs.keep(tmp.resolve("logs"), Path.of("target", "faults", "logs", test.getTestMethod().orElseThrow().getName()));
    }

    /**
     * SIGKILL of the collector, the stream service and the generator, three times each, in a random
     * order at random moments (the seed is printed; {@code -Dfaults.seed=N} repeats a run), each started
     * again at once. The generator starts again with the same acknowledged-ids file: what it had in
     * flight when killed was never acknowledged, so never promised.
     */
    @Test
    @Order(1)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void killNineOfEveryService() throws Exception {
        long seed = Long.getLong("faults.seed", System.nanoTime());
        System.out.println("kill -9 scenario: seed " + seed + " (repeat with -Dfaults.seed=" + seed + ")");
        Random random = new Random(seed);
        List<ServiceModule> kills = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            kills.addAll(List.of(ServiceModule.COLLECTOR, ServiceModule.STREAM, ServiceModule.GENERATOR));
        }
        Collections.shuffle(kills, random);

        long started = System.nanoTime();
        List<String> order = new ArrayList<>();
        try (PipelineHarness pipeline = PipelineHarness.start(Settings.of(tmp))) {
            pipeline.awaitFlowing();
            long retries = 0;
            for (ServiceModule service : kills) {
                // A random moment under load: between 0.5 and 3 s after the pipeline is whole again.
                Thread.sleep(500 + random.nextInt(2500));
                if (service == ServiceModule.GENERATOR) {
                    retries += pipeline.json(ServiceModule.GENERATOR, "/stats").path("retries").asLong();
                }
                pipeline.kill(service);
                order.add(service.name().toLowerCase());
                pipeline.start(service);
            }
            Thread.sleep(3000);
            retries += pipeline.json(ServiceModule.GENERATOR, "/stats").path("retries").asLong();
            Drained drained = pipeline.drain(DRAIN_TIMEOUT);
            FaultResults.record("kill -9", drained,
                    "kill -9 (SIGKILL) 3× collector, 3× stream, 3× generator, each restarted; order " + String.join(" ", order)
                            + "; seed " + seed,
                    String.format("collector restarts published %d work files the killed one left; stream restarts skipped"
                            + " %d batches committed before the kill; generator retries %d; drained in %s",
                            countLines(pipeline.log(ServiceModule.COLLECTOR), "Recovered "),
                            countLines(pipeline.log(ServiceModule.STREAM), "was committed before the restart"), retries,
                            seconds(drained.drainTime())),
                    Duration.ofNanos(System.nanoTime() - started));
            drained.assertDelivered();
            assertCheckpointKept(pipeline);
        }
    }

    /**
     * PostgreSQL stopped for 30 s (a fast shutdown, clients cut off) and started again on the same data
     * and port, under load: the collector keeps accepting, the stream's batch fails and is retried with
     * backoff, and it catches up once the database is back.
     */
    @Test
    @Order(2)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void postgresDownForThirtySeconds() throws Exception {
        long started = System.nanoTime();
        try (PipelineHarness pipeline = PipelineHarness.start(Settings.of(tmp))) {
            pipeline.awaitFlowing();
            Thread.sleep(3000);
            long ackedBefore = pipeline.json(ServiceModule.GENERATOR, "/stats").path("acked").asLong();
            pipeline.stopPostgres();
            long down = System.nanoTime();
            await("stream readiness DOWN while PostgreSQL is down").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250)).until(() -> !pipeline.isReady(ServiceModule.STREAM));
            double notReadyAfter = (System.nanoTime() - down) / 1e9;
            Thread.sleep(Math.max(0, Duration.ofSeconds(30).toMillis() - (System.nanoTime() - down) / 1_000_000));
            long ackedDuringOutage = pipeline.json(ServiceModule.GENERATOR, "/stats").path("acked").asLong() - ackedBefore;
            pipeline.startPostgres();
            long up = System.nanoTime();
            await("stream ready again").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> pipeline.isReady(ServiceModule.STREAM));
            double readyAfter = (System.nanoTime() - up) / 1e9;
            Thread.sleep(3000);
            Drained drained = pipeline.drain(DRAIN_TIMEOUT);
            FaultResults.record("PostgreSQL down 30 s", drained,
                    "PostgreSQL stopped (fast shutdown) for 30 s, started again on the same data and port",
                    String.format("collector acked %,d events during the outage; stream not ready after %.1f s, ready"
                            + " again %.1f s after PostgreSQL was back; drained in %s", ackedDuringOutage, notReadyAfter,
                            readyAfter, seconds(drained.drainTime())),
                    Duration.ofNanos(System.nanoTime() - started));
            assertThat(ackedDuringOutage).as("the collector accepts while PostgreSQL is down").isPositive();
            drained.assertDelivered();
            assertCheckpointKept(pipeline);
        }
    }

    /**
     * The collector's disk runs full: a 64 MiB tmpfs the suite mounts holds the data folder of the
     * collector and the stream, and a filler file takes every free byte. The collector must answer
     * 503 with {@code Retry-After} (never a 202 it cannot keep), the generator retries, and once the
     * filler is gone everything acknowledged arrives. Where mounting is not possible (not root, no
     * CAP_SYS_ADMIN, or {@code -Dfaults.tmpfs=false}) the collector is restarted with
     * {@code COLLECTOR_MIN_FREE_DISK_BYTES} above the free space instead, and back.
     */
    @Test
    @Order(3)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void collectorDiskFull() throws Exception {
        long started = System.nanoTime();
        Path disk = Files.createDirectories(tmp.resolve("disk"));
        boolean mounted = SmallDisk.mount(disk, "64m");
        try {
            Settings settings = Settings.of(tmp);
            Map<String, String> collector = Map.of("COLLECTOR_MIN_FREE_DISK_BYTES", Long.toString(8 * MiB));
            if (mounted) {
                settings = settings.withDataDir(disk.resolve("data")).withCollectorEnvironment(collector);
            }
            try (PipelineHarness pipeline = PipelineHarness.start(settings)) {
                pipeline.awaitFlowing();
                Thread.sleep(3000);
                long retriesBefore = pipeline.json(ServiceModule.GENERATOR, "/stats").path("retries").asLong();
                Path filler = disk.resolve("filler");
                String fault;
                if (mounted) {
                    long filled = SmallDisk.fill(filler);
                    fault = String.format("data folder on a 64 MiB tmpfs filled to the last byte (%d MiB filler) for 10 s,"
                            + " then the filler deleted", filled / MiB);
                } else {
                    pipeline.stop(ServiceModule.COLLECTOR);
                    pipeline.setCollectorEnvironment(Map.of("COLLECTOR_MIN_FREE_DISK_BYTES", Long.toString(Long.MAX_VALUE)));
                    pipeline.startWithoutWaiting(ServiceModule.COLLECTOR);
                    fault = "no tmpfs: collector restarted with COLLECTOR_MIN_FREE_DISK_BYTES above the"
                            + " free space for 10 s, then with the default";
                }
                await("503s from the collector").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions()
                        .until(() -> pipeline.metrics(ServiceModule.COLLECTOR).getOrDefault("collector_requests_refused_total", 0.0) > 0);
                await("collector readiness DOWN").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                        .until(() -> !pipeline.isReady(ServiceModule.COLLECTOR));
                Thread.sleep(10_000);
                double refused = pipeline.metrics(ServiceModule.COLLECTOR).getOrDefault("collector_requests_refused_total", 0.0);
                if (mounted) {
                    Files.delete(filler);
                } else {
                    pipeline.stop(ServiceModule.COLLECTOR);
                    pipeline.setCollectorEnvironment(Map.of());
                    pipeline.startWithoutWaiting(ServiceModule.COLLECTOR);
                }
                long freed = System.nanoTime();
                pipeline.awaitReady(ServiceModule.COLLECTOR);
                double readyAfter = (System.nanoTime() - freed) / 1e9;
                long retries = pipeline.json(ServiceModule.GENERATOR, "/stats").path("retries").asLong() - retriesBefore;
                Thread.sleep(3000);
                Drained drained = pipeline.drain(DRAIN_TIMEOUT);
                FaultResults.record("collector disk full", drained, fault,
                        String.format("collector refused %.0f requests with 503 + Retry-After, generator retried %d; "
                                + "collector ready %.1f s after the space was freed; stream query failures %d; drained in %s",
                                refused, retries, readyAfter, countLines(pipeline.log(ServiceModule.STREAM),
                                        "The streaming query failed"), seconds(drained.drainTime())),
                        Duration.ofNanos(System.nanoTime() - started));
                assertThat(refused).as("requests refused with 503").isPositive();
                assertThat(retries).as("generator retries").isPositive();
                drained.assertDelivered();
                assertCheckpointKept(pipeline);
            }
        } finally {
            if (mounted) {
                SmallDisk.unmount(disk);
            }
        }
    }

    /**
     * The stream killed, then its checkpoint damaged as a crash of the disk or a careless hand can:
     * the newest offsets file cut to half its length, the newest commit file overwritten with
     * garbage; and a half-written CSV file (header, complete rows, a last line cut off without its
     * newline) put straight into {@code raw/}, bypassing the collector. The stream must start again
     * (moving the unreadable checkpoint aside), store the file's complete rows and quarantine its cut
     * line, and lose nothing acknowledged.
     */
    @Test
    @Order(4)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void corruptCheckpointAndHalfWrittenFile() throws Exception {
        long started = System.nanoTime();
        try (PipelineHarness pipeline = PipelineHarness.start(Settings.of(tmp))) {
            pipeline.awaitFlowing();
            Thread.sleep(3000);
            pipeline.kill(ServiceModule.STREAM);

            Path checkpoints = pipeline.dataDir().resolve("checkpoints");
            Path offsets = newest(checkpoints.resolve("offsets"));
            Path commit = newest(checkpoints.resolve("commits"));
            byte[] offsetBytes = Files.readAllBytes(offsets);
            Files.write(offsets, Arrays.copyOf(offsetBytes, offsetBytes.length / 2));
            Files.writeString(commit, "\u0000\u0013garbage{\"nextBatchWatermarkMs\":", StandardCharsets.UTF_8);

            int rows = 40;
            Path ids = tmp.resolve("run/half-written-ids.txt");
            HalfWrittenFile.put(pipeline.dataDir().resolve("raw"), ids, rows);
            pipeline.addAckedIdsFile(ids);

            pipeline.startWithoutWaiting(ServiceModule.STREAM);
            long restarted = System.nanoTime();
            // Not readiness: the query is active for a moment before it fails on the checkpoint.
            await("the unreadable checkpoint moved aside").atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(250)).until(() -> !movedAside(pipeline).isEmpty());
            double movedAfter = (System.nanoTime() - restarted) / 1e9;
            pipeline.awaitReady(ServiceModule.STREAM);
            List<Path> movedAside = movedAside(pipeline);
            Thread.sleep(3000);
            Drained drained = pipeline.drain(DRAIN_TIMEOUT);
            FaultResults.record("corrupt checkpoint + half-written raw file", drained,
                    "stream killed; newest offsets file (" + offsets.getFileName() + ") cut to half, newest commit file ("
                            + commit.getFileName() + ") overwritten with garbage; a CSV with " + rows
                            + " rows and a cut last line put into raw/; stream restarted",
                    String.format("checkpoint moved aside to %s %.1f s after the stream's start; the file's %d rows "
                            + "stored, its cut line quarantined as %s; drained in %s",
                            movedAside.get(0).getFileName(), movedAfter, rows,
                            drained.quarantinedByReason().keySet().stream().filter(r -> r.startsWith("csv_")).toList(),
                            seconds(drained.drainTime())),
                    Duration.ofNanos(System.nanoTime() - started));
            assertThat(movedAside).as("the unreadable checkpoint moved aside").hasSize(1);
            assertThat(Files.readString(pipeline.log(ServiceModule.STREAM))).contains("Moved the checkpoint aside");
            assertThat(drained.quarantinedByReason()).containsEntry(HalfWrittenFile.REASON, 1L);
            drained.assertDelivered();
        }
    }

    /** A fault that leaves the checkpoint readable must not make the stream start from a fresh one. */
    private static void assertCheckpointKept(PipelineHarness pipeline) throws IOException {
        assertThat(movedAside(pipeline)).as("checkpoints moved aside").isEmpty();
    }

    private static List<Path> movedAside(PipelineHarness pipeline) throws IOException {
        try (Stream<Path> listing = Files.list(pipeline.dataDir())) {
            return listing.filter(p -> p.getFileName().toString().startsWith("checkpoints-corrupt-")).toList();
        }
    }

    /** The file of a Spark metadata log with the highest batch id. */
    private static Path newest(Path log) throws IOException {
        try (Stream<Path> files = Files.list(log)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d+"))
                    .max((a, b) -> Long.compare(Long.parseLong(a.getFileName().toString()),
                            Long.parseLong(b.getFileName().toString())))
                    .orElseThrow(() -> new AssertionError("no batch in " + log));
        }
    }

    private static long countLines(Path log, String text) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    /** A small file system of the suite's own, so that filling it harms nothing else. */
    static final class SmallDisk {

        private SmallDisk() {
        }

        /** Mounts a tmpfs of {@code size} on {@code dir}; false when this machine does not let us (not root, a container). */
        static boolean mount(Path dir, String size) throws InterruptedException {
            if (!Boolean.parseBoolean(System.getProperty("faults.tmpfs", "true"))) {
                System.out.println("disk-full scenario: -Dfaults.tmpfs=false, using COLLECTOR_MIN_FREE_DISK_BYTES");
                return false;
            }
            if (!"root".equals(System.getProperty("user.name"))) {
                System.out.println("disk-full scenario: not root, falling back to COLLECTOR_MIN_FREE_DISK_BYTES");
                return false;
            }
            int status = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
            if (status != 0) {
                System.out.println("disk-full scenario: mount -t tmpfs failed (" + status
                        + "), falling back to COLLECTOR_MIN_FREE_DISK_BYTES");
            }
            return status == 0;
        }

        static void unmount(Path dir) throws InterruptedException {
            if (run("umount", dir.toString()) != 0) {
                run("umount", "-l", dir.toString()); // something still holds it: detach it now, freed when let go
            }
        }

        /** Writes until the file system is full; returns the bytes written. */
        static long fill(Path filler) throws IOException {
            long written = 0;
            try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (int chunk : new int[] {1 << 20, 1 << 12}) {
                    ByteBuffer block = ByteBuffer.allocate(chunk);
                    try {
                        while (true) {
                            block.clear();
                            written += out.write(block);
                        }
                    } catch (IOException full) {
                        // ENOSPC: on to smaller blocks, then done
                    }
                }
            }
            FileStore store = Files.getFileStore(filler);
            System.out.println("disk-full scenario: filler " + written + " bytes, " + store.getUsableSpace() + " bytes free");
            return written;
        }

        private static int run(String... command) throws InterruptedException {
            Command.Result result = Command.run(List.of(command), Duration.ofSeconds(60));
            if (!result.ok()) {
                System.out.println(String.join(" ", command) + ": " + result.output().strip());
            }
            return result.exitValue();
        }
    }

    /** A CSV file as a careless copy leaves it: header, complete rows, and a last line cut off, no newline. */
    static final class HalfWrittenFile {

        static final String REASON = "csv_column_count";

        private HalfWrittenFile() {
        }

        /** Writes the file into {@code raw/} and its ids to {@code ids} in the acknowledged-ids format. */
        static void put(Path raw, Path ids, int rows) throws IOException {
            String prefix = "half-" + Long.toHexString(System.nanoTime()) + "-";
            String now = Instant.now().toString();
            StringBuilder csv = new StringBuilder("event_id,user_id,event_type,product_id,price,event_timestamp,received_at\n");
            StringBuilder acked = new StringBuilder();
            for (int i = 0; i < rows; i++) {
                csv.append(prefix).append(i).append(",u-").append(i).append(",view,p-").append(i).append(",12.50,")
                        .append(now).append(',').append(now).append('\n');
                acked.append(prefix).append(i).append('\n');
            }
            csv.append(prefix).append("cut,u-cut,vie"); // the write stopped here
            acked.append(prefix).append("cut\t").append(REASON).append('\n');
            Files.writeString(ids, acked, StandardCharsets.UTF_8);
            try (OutputStream out = Files.newOutputStream(raw.resolve("events-half-written-" + prefix + ".csv"))) {
                out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
