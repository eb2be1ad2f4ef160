package dev.descheduler.sqlendpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descheduler.lakehouse.Environment;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlEndpointSettingsTest {

    @Test
    void defaultsListenOnLoopbackPort10000() {
        SqlEndpointSettings s = SqlEndpointSettings.from(Environment.of(Map.of()));

        assertThat(s.port()).isEqualTo(10000);
        assertThat(s.bindHost()).isEqualTo("127.0.0.1");
        assertThat(s.listenAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(s.dataDir()).isEqualTo(Path.of(".data/sql-endpoint").toAbsolutePath());
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:hive2://127.0.0.1:10000/default");
        assertThat(s.lakehouse().catalog()).isEqualTo("lakehouse");
    }

    @Test
    void readsEveryKey() {
        Map<String, String> env = Map.of(
                "SPARK_THRIFT_PORT", "10099",
                "SQL_ENDPOINT_BIND_HOST", "localhost",
                "SQL_ENDPOINT_DATA_DIR", "/var/lib/sql-endpoint/",
                "ICEBERG_CATALOG", "lake");

        SqlEndpointSettings s = SqlEndpointSettings.from(Environment.of(env));

        assertThat(s.port()).isEqualTo(10099);
        assertThat(s.bindHost()).isEqualTo("localhost");
        assertThat(s.dataDir()).isEqualTo(Path.of("/var/lib/sql-endpoint"));
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:hive2://localhost:10099/default");
        assertThat(s.lakehouse().catalog()).isEqualTo("lake");
    }

    @Test
    void pointsClientsAtLoopbackWhenListeningOnEveryInterface() {
        SqlEndpointSettings s = SqlEndpointSettings.from(Environment.of(Map.of("SQL_ENDPOINT_BIND_HOST", "0.0.0.0")));

        assertThat(s.jdbcUrl()).isEqualTo("jdbc:hive2://127.0.0.1:10000/default");
    }

    @Test
    void givesTheThriftServerItsAddressAndKeepsLocalFilesInTheDataDir() {
        SqlEndpointSettings s = SqlEndpointSettings.from(Environment.of(Map.of(
                "SPARK_THRIFT_PORT", "10001", "SQL_ENDPOINT_BIND_HOST", "::1", "SQL_ENDPOINT_DATA_DIR", "/srv/sql")));

        Map<String, String> conf = s.sparkConf();

        assertThat(conf)
                .containsEntry("spark.hadoop.hive.server2.thrift.port", "10001")
                .containsEntry("spark.hadoop.hive.server2.thrift.bind.host", "::1")
                .containsEntry("spark.sql.thriftServer.incrementalCollect", "true")
                .containsEntry("spark.sql.warehouse.dir", "file:///srv/sql/spark-warehouse");
        assertThat(conf.entrySet())
                .filteredOn(e -> e.getKey().contains("dir") || e.getKey().contains("location"))
                .allSatisfy(e -> assertThat(e.getValue()).contains("/srv/sql/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-1", "ten", "10000.5"})
    void refusesAPortOutsideTheTcpRange(String port) {
        Environment env = Environment.of(Map.of("SPARK_THRIFT_PORT", port));

        assertThatThrownBy(() -> SqlEndpointSettings.from(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SPARK_THRIFT_PORT must be a port number from 1 to 65535, was '" + port + "'");
    }

    @Test
    void refusesABindHostThatDoesNotResolve() {
        Environment env = Environment.of(Map.of("SQL_ENDPOINT_BIND_HOST", "no-such-host.invalid"));

        assertThatThrownBy(() -> SqlEndpointSettings.from(env))
                .hasMessage("SQL_ENDPOINT_BIND_HOST must be an IP address or a resolvable host name of this machine,"
                        + " was 'no-such-host.invalid'");
    }

    @Test
    void refusesInvalidLakehouseSettingsByName() {
        assertThatThrownBy(() -> SqlEndpointSettings.from(Environment.of(Map.of("MINIO_BUCKET", "A_B"))))
                .hasMessageStartingWith("MINIO_BUCKET must be a valid S3 bucket name");
    }
}
