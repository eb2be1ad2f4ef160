package dev.descheduler.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LakehouseSettingsTest {

    @Test
    void defaultsPointAtTheLocalStack() {
        LakehouseSettings s = LakehouseSettings.from(Environment.of(Map.of()));

        assertThat(s.catalog()).isEqualTo("lakehouse");
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/iceberg");
        assertThat(s.jdbcUser()).isEqualTo("lakehouse");
        assertThat(s.jdbcPassword()).isEqualTo("lakehouse");
        assertThat(s.s3Endpoint()).isEqualTo("http://localhost:9000");
        assertThat(s.s3AccessKey()).isEqualTo("minioadmin");
        assertThat(s.s3SecretKey()).isEqualTo("minioadmin");
        assertThat(s.s3Region()).isEqualTo("us-east-1");
        assertThat(s.bucket()).isEqualTo("warehouse");
        assertThat(s.bronzeNamespace()).isEqualTo("bronze");
        assertThat(s.silverNamespace()).isEqualTo("silver");
        assertThat(s.goldNamespace()).isEqualTo("gold");
        assertThat(s.sparkMaster()).isEqualTo("local[2]");
        assertThat(s.warehouse()).isEqualTo("s3://warehouse/lakehouse");
        assertThat(s.checkpointRoot()).isEqualTo("s3a://warehouse/checkpoints");
    }

    @Test
    void readsEveryKey() {
        Map<String, String> env = new HashMap<>();
        env.put("ICEBERG_CATALOG", "lake");
        env.put("ICEBERG_JDBC_URL", "jdbc:postgresql://db:5433/cat");
        env.put("ICEBERG_JDBC_USER", "u");
        env.put("ICEBERG_JDBC_PASSWORD", "p");
        env.put("MINIO_ENDPOINT", "https://s3.example:9443");
        env.put("MINIO_ROOT_USER", "ak");
        env.put("MINIO_ROOT_PASSWORD", "sk");
        env.put("MINIO_REGION", "eu-west-1");
        env.put("MINIO_BUCKET", "lake-bucket");
        env.put("BRONZE_NAMESPACE", "b");
        env.put("SILVER_NAMESPACE", "s");
        env.put("GOLD_NAMESPACE", "g");
        env.put("SPARK_MASTER", "spark://master:7077");

        LakehouseSettings s = LakehouseSettings.from(Environment.of(env));

        assertThat(s)
                .isEqualTo(new LakehouseSettings(
                        "lake",
                        "jdbc:postgresql://db:5433/cat",
                        "u",
                        "p",
                        "https://s3.example:9443",
                        "ak",
                        "sk",
                        "eu-west-1",
                        "lake-bucket",
                        "b",
                        "s",
                        "g",
                        "spark://master:7077"));
        assertThat(s.namespace(Layer.BRONZE)).isEqualTo("b");
        assertThat(s.namespace(Layer.SILVER)).isEqualTo("s");
        assertThat(s.namespace(Layer.GOLD)).isEqualTo("g");
        assertThat(s.warehouse()).isEqualTo("s3://lake-bucket/lake");
    }

    @Test
    void blankValuesCountAsUnset() {
        LakehouseSettings s = LakehouseSettings.from(Environment.of(Map.of("ICEBERG_CATALOG", "  ")));

        assertThat(s.catalog()).isEqualTo("lakehouse");
    }

    @Test
    void rejectsInvalidValuesNamingTheVariable() {
        assertThatThrownBy(() -> settingsWith("ICEBERG_CATALOG", "my-catalog"))
                .hasMessage("ICEBERG_CATALOG must be a SQL identifier (letters, digits, underscores; not starting"
                        + " with a digit), was 'my-catalog'");
        assertThatThrownBy(() -> settingsWith("ICEBERG_JDBC_URL", "jdbc:mysql://db/x"))
                .hasMessage("ICEBERG_JDBC_URL must be a value starting with jdbc:postgresql:, was 'jdbc:mysql://db/x'");
        assertThatThrownBy(() -> settingsWith("MINIO_ENDPOINT", "localhost:9000"))
                .hasMessageStartingWith("MINIO_ENDPOINT must be a value starting with http:// or https://");
        assertThatThrownBy(() -> settingsWith("MINIO_BUCKET", "Bad_Bucket"))
                .hasMessage("MINIO_BUCKET must be a valid S3 bucket name, was 'Bad_Bucket'");
        assertThatThrownBy(() -> settingsWith("SILVER_NAMESPACE", "1silver"))
                .hasMessageStartingWith("SILVER_NAMESPACE must be a SQL identifier");
    }

    @Test
    void neverPrintsSecrets() {
        LakehouseSettings s = LakehouseSettings.from(
                Environment.of(Map.of("ICEBERG_JDBC_PASSWORD", "db-secret", "MINIO_ROOT_PASSWORD", "s3-secret")));

        assertThat(s.toString()).doesNotContain("db-secret").doesNotContain("s3-secret");
    }

    private static LakehouseSettings settingsWith(String key, String value) {
        return LakehouseSettings.from(Environment.of(Map.of(key, value)));
    }
}
