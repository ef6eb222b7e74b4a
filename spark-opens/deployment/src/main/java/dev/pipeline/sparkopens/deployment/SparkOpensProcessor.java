package dev.pipeline.sparkopens.deployment;

import java.util.List;

import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.ModuleOpenBuildItem;

/**
 * Spark 3.5 reflects into JDK internals (direct buffers, the cleaner, Kerberos config). On Java 17
 * that needs {@code --add-opens}; Quarkus turns these build items into the {@code Add-Opens}
 * attribute of {@code quarkus-run.jar}'s manifest, which the JDK honours for {@code java -jar}.
 * The opening module must be a named module (Quarkus rejects ALL-UNNAMED here); the manifest
 * attribute itself always opens to every unnamed module, which is where Spark's classes live.
 */
class SparkOpensProcessor {

    private static final String SPARK = "org.apache.spark.core";

    @BuildStep
    List<ModuleOpenBuildItem> sparkNeedsTheseOpens() {
        return List.of(
                new ModuleOpenBuildItem("java.base", SPARK,
                        "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net",
                        "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
                        "jdk.internal.ref", "sun.nio.ch", "sun.nio.cs", "sun.security.action",
                        "sun.util.calendar"),
                new ModuleOpenBuildItem("java.security.jgss", SPARK, "sun.security.krb5"));
    }
}
