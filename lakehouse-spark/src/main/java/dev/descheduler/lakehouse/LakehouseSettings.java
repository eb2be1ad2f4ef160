package dev.descheduler.lakehouse;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where the lakehouse lives, read from the environment (DESIGN.md names): the Iceberg JDBC catalog in PostgreSQL, the
 * warehouse on S3, the namespaces of the three layers, and the Spark master for embedded runs.
 *
 * @param catalog Spark catalog name of the Iceberg catalog ({@code ICEBERG_CATALOG})
 * @param jdbcUrl PostgreSQL URL of the catalog ({@code ICEBERG_JDBC_URL})
 * @param s3Endpoint S3-compatible endpoint, {@code http(s)://host:port} ({@code MINIO_ENDPOINT})
 * @param bucket the bucket holding tables and checkpoints ({@code MINIO_BUCKET})
 * @param sparkMaster used only when the JVM was not started by spark-submit ({@code SPARK_MASTER})
 */
public record LakehouseSettings(
        String catalog,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String s3Region,
        String bucket,
        String bronzeNamespace,
        String silverNamespace,
        String goldNamespace,
        String sparkMaster) {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public LakehouseSettings {
        if (!BUCKET.matcher(bucket).matches()) {
            throw Environment.invalid("MINIO_BUCKET", bucket, "a valid S3 bucket name");
        }
        URI endpoint = URI.create(s3Endpoint);
        if (!("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
                || endpoint.getHost() == null) {
            throw Environment.invalid("MINIO_ENDPOINT", s3Endpoint, "an http:// or https:// URL with a host");
        }
    }

    public static LakehouseSettings fromEnvironment() {
        return from(Environment.system());
    }

    public static LakehouseSettings from(Environment env) {
        return new LakehouseSettings(
                env.identifier("ICEBERG_CATALOG", "lakehouse"),
                env.prefixed("ICEBERG_JDBC_URL", "jdbc:postgresql://localhost:5432/iceberg", "jdbc:postgresql:"),
                env.string("ICEBERG_JDBC_USER", "lakehouse"),
                env.string("ICEBERG_JDBC_PASSWORD", "lakehouse"),
                env.prefixed("MINIO_ENDPOINT", "http://localhost:9000", "http://", "https://"),
                env.string("MINIO_ROOT_USER", "minioadmin"),
                env.string("MINIO_ROOT_PASSWORD", "minioadmin"),
                env.string("MINIO_REGION", "us-east-1"),
                env.string("MINIO_BUCKET", "warehouse"),
                env.identifier("BRONZE_NAMESPACE", "bronze"),
                env.identifier("SILVER_NAMESPACE", "silver"),
                env.identifier("GOLD_NAMESPACE", "gold"),
                env.string("SPARK_MASTER", "local[2]"));
    }

    /** Table files, through Iceberg's S3FileIO: {@code s3://<bucket>/<catalog>}. */
    public String warehouse() {
        return "s3://" + bucket + "/" + catalog;
    }

    /** Streaming checkpoints, through Hadoop's s3a: a prefix of its own, outside every table location. */
    public String checkpointRoot() {
        return "s3a://" + bucket + "/checkpoints";
    }

    public String namespace(Layer layer) {
        return switch (layer) {
            case BRONZE -> bronzeNamespace;
            case SILVER -> silverNamespace;
            case GOLD -> goldNamespace;
        };
    }

    @Override
    public String toString() {
        // never log secrets
        return "LakehouseSettings[catalog=" + catalog + ", jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser
                + ", s3Endpoint=" + s3Endpoint + ", s3AccessKey=" + s3AccessKey + ", s3Region=" + s3Region
                + ", bucket=" + bucket + ", namespaces=" + bronzeNamespace + "/" + silverNamespace + "/"
                + goldNamespace + ", sparkMaster=" + sparkMaster + "]";
    }
}
