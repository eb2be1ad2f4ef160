package dev.descheduler.lakehouse;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession every lakehouse application uses: the Iceberg JDBC catalog on PostgreSQL as the default catalog,
 * table files on S3 through Iceberg's S3FileIO, streaming checkpoints through Hadoop's s3a.
 */
public final class LakehouseSession {

    private LakehouseSession() {}

    public static SparkSession create(LakehouseSettings settings, String appName) {
        return create(settings, appName, Map.of());
    }

    /** {@code overrides} win over the lakehouse configuration (tests turn the UI off, for example). */
    public static SparkSession create(LakehouseSettings settings, String appName, Map<String, String> overrides) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        // spark-submit passes spark.master as a system property; SPARK_MASTER only applies to embedded runs
        String master = new SparkConf(true).getOption("spark.master").getOrElse(settings::sparkMaster);
        builder.master(master);
        sparkConf(settings, master).forEach(builder::config);
        overrides.forEach(builder::config);
        return builder.getOrCreate();
    }

    /** Every Spark setting the lakehouse needs, for a given master. */
    public static Map<String, String> sparkConf(LakehouseSettings settings, String master) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
        conf.put("spark.sql.defaultCatalog", settings.catalog());
        conf.put("spark.sql.session.timeZone", "UTC");
        icebergCatalog(settings, conf);
        s3a(settings, conf);
        if (master.startsWith("local")) {
            // embedded: nothing but this JVM talks to the driver
            conf.put("spark.driver.host", "127.0.0.1");
            conf.put("spark.driver.bindAddress", "127.0.0.1");
            conf.put("spark.sql.shuffle.partitions", "4");
        }
        return conf;
    }

    private static void icebergCatalog(LakehouseSettings settings, Map<String, String> conf) {
        String c = "spark.sql.catalog." + settings.catalog();
        conf.put(c, "org.apache.iceberg.spark.SparkCatalog");
        conf.put(c + ".catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
        conf.put(c + ".uri", settings.jdbcUrl());
        conf.put(c + ".jdbc.user", settings.jdbcUser());
        conf.put(c + ".jdbc.password", settings.jdbcPassword());
        // V1 adds view support; with V0 every look-up of a missing table fails instead of answering "not found"
        conf.put(c + ".jdbc.schema-version", "V1");
        conf.put(c + ".warehouse", settings.warehouse());
        conf.put(c + ".io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
        conf.put(c + ".s3.endpoint", settings.s3Endpoint());
        conf.put(c + ".s3.path-style-access", "true");
        conf.put(c + ".s3.access-key-id", settings.s3AccessKey());
        conf.put(c + ".s3.secret-access-key", settings.s3SecretKey());
        conf.put(c + ".client.region", settings.s3Region());
        // other processes commit to the same tables (Bronze stream, Silver, the SQL endpoint): always read fresh
        // metadata
        conf.put(c + ".cache-enabled", "false");
    }

    private static void s3a(LakehouseSettings settings, Map<String, String> conf) {
        String h = "spark.hadoop.fs.s3a.";
        conf.put(h + "endpoint", settings.s3Endpoint());
        conf.put(h + "endpoint.region", settings.s3Region());
        conf.put(h + "path.style.access", "true");
        conf.put(
                h + "connection.ssl.enabled",
                Boolean.toString(
                        "https".equals(URI.create(settings.s3Endpoint()).getScheme())));
        conf.put(h + "access.key", settings.s3AccessKey());
        conf.put(h + "secret.key", settings.s3SecretKey());
        conf.put(h + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        // S3Proxy returns no ETag in multipart copy results; checkpoint renames of large files fail with detection on
        conf.put(h + "change.detection.mode", "none");
    }
}
