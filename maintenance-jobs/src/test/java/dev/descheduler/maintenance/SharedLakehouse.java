package dev.descheduler.maintenance;

import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSession;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.localstack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local stack (real S3 and PostgreSQL on free ports) and one Spark session for every integration test class of
 * the module, started by the first class that asks and stopped when the test run ends. Each class works in
 * namespaces of its own ({@link #settings(String)}), so the classes never see each other's tables.
 */
final class SharedLakehouse implements AutoCloseable {

    private final LocalStack stack;
    private final SparkSession spark;

    private SharedLakehouse(LocalStack stack, SparkSession spark) {
        this.stack = stack;
        this.spark = spark;
    }

    static SharedLakehouse get(ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedLakehouse.class, k -> start(), SharedLakehouse.class);
    }

    private static SharedLakehouse start() {
        try {
            Path base = Path.of("target", "local-stack");
            Files.createDirectories(base);
            LocalStack stack = LocalStack.builder()
                    .dataDir(Files.createTempDirectory(base, "maintenance-"))
                    .servers(EnumSet.of(LocalStack.Server.S3, LocalStack.Server.POSTGRES))
                    .ephemeralPorts()
                    .build()
                    .start();
            Map<String, String> conf = new HashMap<>();
            conf.put("spark.ui.enabled", "false");
            // the Silver job's values are java.time types (its own SPARK_OVERRIDES)
            conf.put("spark.sql.datetime.java8API.enabled", "true");
            SparkSession spark = LakehouseSession.create(
                    LakehouseSettings.from(Environment.of(stack.env())), "maintenance-jobs-it", conf);
            return new SharedLakehouse(stack, spark);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SparkSession spark() {
        return spark;
    }

    LocalStack stack() {
        return stack;
    }

    /** The stack's environment with the three layers in namespaces named after {@code prefix}. */
    Map<String, String> env(String prefix) {
        Map<String, String> env = new HashMap<>(stack.env());
        env.put("BRONZE_NAMESPACE", prefix + "_bronze");
        env.put("SILVER_NAMESPACE", prefix + "_silver");
        env.put("GOLD_NAMESPACE", prefix + "_gold");
        env.put("OPS_NAMESPACE", prefix + "_ops");
        return env;
    }

    LakehouseSettings settings(String prefix) {
        return LakehouseSettings.from(Environment.of(env(prefix)));
    }

    @Override
    public void close() {
        try {
            spark.stop();
        } finally {
            stack.stop();
        }
    }
}
