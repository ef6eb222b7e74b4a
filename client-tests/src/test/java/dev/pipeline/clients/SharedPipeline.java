package dev.pipeline.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the {@link ClientPipeline} and the {@link NodeProject}, each made once per test JVM (the pipeline
 * takes the longest to start) and kept in JUnit's root store, which closes the pipeline after the last test.
 * The folders come from the failsafe configuration ({@code -Pclients} in the pom), with defaults under
 * {@code target/} for a run from an IDE.
 */
final class SharedPipeline implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedPipeline.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ClientPipeline.class || type == NodeProject.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        if (parameter.getParameter().getType() == ClientPipeline.class) {
            return store.computeIfAbsent(ClientPipeline.class, key -> startPipeline(), ClientPipeline.class);
        }
        return store.computeIfAbsent(NodeProject.class, key -> prepareNode(), NodeProject.class);
    }

    private static ClientPipeline startPipeline() {
        Path runDir = Path.of(System.getProperty("client-tests.run-dir", "target/client-tests")).toAbsolutePath();
        try {
            ClientPipeline.deleteRecursively(runDir);
            return ClientPipeline.start(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("starting the pipeline in " + runDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the pipeline", e);
        }
    }

    private static NodeProject prepareNode() {
        Path sources = Path.of(System.getProperty("client-tests.node-sources", "src/test/node")).toAbsolutePath();
        Path dir = Path.of(System.getProperty("client-tests.node-dir", "target/node")).toAbsolutePath();
        try {
            return NodeProject.prepare(sources, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("preparing the Node project in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the Node project", e);
        }
    }
}
