package dev.pipeline.clients;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pipeline.harness.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Node.js side, {@code src/test/node}: copied under {@code target/} and installed there with {@code npm ci}
 * from its committed {@code package-lock.json} (again only when that or {@code package.json} changed), then
 * each script run as {@code node <script> <plan.json> <report.json>}.
 */
final class NodeProject {

    private static final int NODE_MAJOR = 20;
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);
    private static final String STAMP = "node_modules/.client-tests-installed";

    private final Path dir;

    private NodeProject(Path dir) {
        this.dir = dir;
    }

    static NodeProject prepare(Path sources, Path dir) throws IOException, InterruptedException {
        requireNode();
        copy(sources, dir);
        String lock = sha256(dir.resolve("package.json"), dir.resolve("package-lock.json"));
        Path stamp = dir.resolve(STAMP);
        if (!Files.exists(stamp) || !Files.readString(stamp).equals(lock)) {
            // --ignore-scripts: no package here needs an install script (playwright-core downloads no browser;
            // msgpackr-extract is an optional native speed-up of RudderStack's Redis queue, which is not used), and
            // none runs code from the registry. --prefer-offline: what npm's cache holds is not fetched again.
            Command.Result install = Command.run(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund",
                    "--prefer-offline", "--loglevel=error"), dir, Map.of(), NPM_TIMEOUT);
            if (!install.ok()) {
                throw new IllegalStateException("npm ci failed in " + dir + " (exit status " + install.exitValue() + "):\n"
                        + install.output());
            }
            Files.writeString(stamp, lock);
        }
        return new NodeProject(dir);
    }

    /**
     * Runs {@code script} on {@code plan} and returns the report it wrote ({@code src/test/node/plan.js}
     * describes both); its output is kept beside the report. A script that wrote no report fails the test.
     */
    JsonNode run(String script, Path plan, Map<String, String> environment) throws IOException, InterruptedException {
        String name = plan.getFileName().toString().replaceFirst("\\.json$", "");
        Path report = plan.resolveSibling(name + "-report.json");
        Files.deleteIfExists(report);
        Command.Result result = Command.run(List.of("node", script, plan.toString(), report.toString()), dir, environment,
                SCRIPT_TIMEOUT);
        Files.writeString(plan.resolveSibling(name + "-output.txt"), result.output());
        if (!Files.exists(report)) {
            throw new AssertionError("node " + script + " wrote no report (exit status " + result.exitValue() + "):\n"
                    + result.output());
        }
        return Plan.JSON.readTree(report.toFile());
    }

    private static void requireNode() throws InterruptedException {
        Command.Result version = Command.run(List.of("node", "--version"), Duration.ofSeconds(30));
        Matcher major = Pattern.compile("v(\\d+)\\.").matcher(version.output());
        if (!version.ok() || !major.find() || Integer.parseInt(major.group(1)) < NODE_MAJOR) {
            throw new IllegalStateException("the client tests need Node.js " + NODE_MAJOR + " or later with npm on the PATH;"
                    + " node --version says: " + version.output().strip());
        }
    }

    /** The project's files, node_modules left out (an npm install someone ran in the sources). */
    private static void copy(Path sources, Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> tree = Files.walk(sources)) {
            files = tree.filter(Files::isRegularFile)
                    .filter(file -> !sources.relativize(file).startsWith("node_modules"))
                    .toList();
        }
        for (Path file : files) {
            Path target = dir.resolve(sources.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String sha256(Path... files) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                digest.update(Files.readAllBytes(file));
                digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
