package dev.descheduler.sqlendpoint;

import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSession;
import dev.descheduler.lakehouse.table.LakehouseCatalog;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL endpoint: JDBC ({@code jdbc:hive2://}) over every layer of the lakehouse for dbt, Jupyter, beeline and BI
 * tools. Runs until SIGTERM; exits non-zero when it cannot start (bad setting, port taken, catalog unreachable).
 */
public final class SqlEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(SqlEndpoint.class);

    // Hadoop runs shutdown hooks by priority, highest first; Spark stops its context at FileSystem's priority + 30.
    // Above that, the Thrift server stops taking queries before the context they run on goes away.
    private static final int SHUTDOWN_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 40;

    private SqlEndpoint() {}

    public static void main(String[] args) {
        SqlEndpointSettings settings;
        try {
            settings = SqlEndpointSettings.from(Environment.system());
            // fail in a second, not after Spark and the catalog have started
            SqlEndpointServer.requireFreePort(settings);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // a setting or a port to fix: the message says which, a stack trace would only bury it
            System.err.println("sql-endpoint failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            run(settings);
        } catch (Exception e) {
            LOG.error("sql-endpoint failed", e);
            System.err.println("sql-endpoint failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(SqlEndpointSettings settings) throws Exception {
        Files.createDirectories(settings.localScratchDir());
        // Hive's execution client boots an embedded Derby, which writes derby.log into the working directory.
        // Not derby.system.home: it breaks the in-memory metastore's URL, and every session open then retries for 20 s
        System.setProperty(
                "derby.stream.error.file",
                settings.dataDir().resolve("derby.log").toString());
        LOG.info("sql-endpoint settings: {} on {}:{}", settings.lakehouse(), settings.bindHost(), settings.port());

        SparkSession spark = LakehouseSession.create(settings.lakehouse(), "sql-endpoint", settings.sparkConf());
        // `default` first among them: every Thrift session starts with USE default
        new LakehouseCatalog(spark, settings.lakehouse()).ensureNamespaces();
        SqlEndpointServer server = SqlEndpointServer.start(spark);

        CountDownLatch stopped = new CountDownLatch(1);
        ShutdownHookManager.get()
                .addShutdownHook(
                        () -> {
                            LOG.info("sql-endpoint stopping");
                            try {
                                server.stop();
                                spark.stop();
                            } finally {
                                stopped.countDown();
                            }
                        },
                        SHUTDOWN_PRIORITY);
        LOG.info("sql-endpoint ready: {}", settings.jdbcUrl());
        System.out.println("sql-endpoint ready: " + settings.jdbcUrl());
        stopped.await();
    }
}
