package dev.descheduler.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LakehouseSessionTest {

    private final LakehouseSettings settings = LakehouseSettings.from(Environment.of(Map.of(
            "MINIO_ENDPOINT",
            "http://127.0.0.1:9100",
            "ICEBERG_JDBC_URL",
            "jdbc:postgresql://127.0.0.1:5499/iceberg")));

    @Test
    void configuresTheIcebergJdbcCatalogOnS3AsTheDefaultCatalog() {
        Map<String, String> conf = LakehouseSession.sparkConf(settings, "local[2]");

        assertThat(conf)
                .containsEntry(
                        "spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
                .containsEntry("spark.sql.defaultCatalog", "lakehouse")
                .containsEntry("spark.sql.catalog.lakehouse", "org.apache.iceberg.spark.SparkCatalog")
                .containsEntry("spark.sql.catalog.lakehouse.catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog")
                .containsEntry("spark.sql.catalog.lakehouse.uri", "jdbc:postgresql://127.0.0.1:5499/iceberg")
                .containsEntry("spark.sql.catalog.lakehouse.jdbc.schema-version", "V1")
                .containsEntry("spark.sql.catalog.lakehouse.warehouse", "s3://warehouse/lakehouse")
                .containsEntry("spark.sql.catalog.lakehouse.io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
                .containsEntry("spark.sql.catalog.lakehouse.s3.endpoint", "http://127.0.0.1:9100")
                .containsEntry("spark.sql.catalog.lakehouse.s3.path-style-access", "true")
                .containsEntry("spark.sql.session.timeZone", "UTC");
    }

    @Test
    void configuresS3aForCheckpointsWithChangeDetectionOff() {
        Map<String, String> conf = LakehouseSession.sparkConf(settings, "local[2]");

        assertThat(conf)
                .containsEntry("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9100")
                .containsEntry("spark.hadoop.fs.s3a.path.style.access", "true")
                .containsEntry("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
                .containsEntry("spark.hadoop.fs.s3a.change.detection.mode", "none");
    }

    @Test
    void bindsTheDriverToLoopbackOnlyInLocalMode() {
        assertThat(LakehouseSession.sparkConf(settings, "local[2]"))
                .containsEntry("spark.driver.host", "127.0.0.1")
                .containsEntry("spark.driver.bindAddress", "127.0.0.1");
        assertThat(LakehouseSession.sparkConf(settings, "spark://master:7077"))
                .doesNotContainKeys("spark.driver.host", "spark.driver.bindAddress");
    }
}
