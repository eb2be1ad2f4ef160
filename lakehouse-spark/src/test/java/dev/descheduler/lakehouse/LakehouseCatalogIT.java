package dev.descheduler.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descheduler.lakehouse.table.BronzeTables;
import dev.descheduler.lakehouse.table.LakehouseCatalog;
import dev.descheduler.lakehouse.table.TableDefinition;
import dev.descheduler.localstack.LocalStack;
import dev.descheduler.localstack.LocalStackExtension;
import dev.descheduler.localstack.LocalStackServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The session, the catalog and the table definitions against a real PostgreSQL and S3 server. */
@ExtendWith(LocalStackExtension.class)
@LocalStackServers({LocalStack.Server.S3, LocalStack.Server.POSTGRES})
class LakehouseCatalogIT {

    private static SparkSession spark;
    private static LakehouseSettings settings;

    @BeforeAll
    static void startSpark(LocalStack stack) {
        settings = LakehouseSettings.from(Environment.of(stack.env()));
        spark = LakehouseSession.create(settings, "lakehouse-catalog-it", Map.of("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void createsTheLayersNamespacesIncludingDefaultAndTheBronzeTables() {
        new LakehouseCatalog(spark, settings).ensure(BronzeTables.all());

        List<String> namespaces = spark.sql("SHOW NAMESPACES").collectAsList().stream()
                .map(row -> row.getString(0))
                .toList();
        assertThat(namespaces).contains("default", "bronze", "silver", "gold");
        String ddl = spark.sql("SHOW CREATE TABLE lakehouse.bronze.github_events")
                .first()
                .getString(0);
        assertThat(ddl)
                .contains("PARTITIONED BY (days(received_at))")
                .contains("'write.metadata.delete-after-commit.enabled' = 'true'")
                .contains("'format-version' = '2'");
        String location = spark.sql("DESCRIBE TABLE EXTENDED lakehouse.bronze.github_events").collectAsList().stream()
                .filter(row -> "Location".equals(row.getString(0)))
                .map(row -> row.getString(1))
                .findFirst()
                .orElseThrow();
        assertThat(location).startsWith("s3://" + settings.bucket() + "/lakehouse/bronze");
    }

    @Test
    void writesAndReadsBackThroughS3AndTheJdbcCatalog() {
        spark.sql("CREATE TABLE IF NOT EXISTS lakehouse.default.smoke (id BIGINT, name STRING) USING iceberg");
        spark.sql("INSERT INTO lakehouse.default.smoke VALUES (1, 'a'), (2, 'b')");

        assertThat(spark.sql("SELECT count(*) FROM default.smoke").first().getLong(0))
                .isEqualTo(2L);
        // a missing table is "not found", not a catalog error (jdbc.schema-version=V1)
        assertThat(spark.catalog().tableExists("lakehouse.default.no_such_table"))
                .isFalse();
    }

    @Test
    void addsColumnsThatADefinitionGainedToAnExistingTable() {
        TableDefinition v1 = new TableDefinition(
                Layer.SILVER,
                "evolving",
                new StructType()
                        .add("id", DataTypes.LongType)
                        .add("actor", new StructType().add("id", DataTypes.LongType)),
                List.of(),
                TableDefinition.withBaseProperties());
        LakehouseCatalog catalog = new LakehouseCatalog(spark, settings);
        catalog.ensure(List.of(v1));
        spark.sql("INSERT INTO lakehouse.silver.evolving VALUES (1, named_struct('id', 10L))");

        List<StructField> fields = new ArrayList<>(List.of(v1.schema().fields()));
        StructType actorV2 = new StructType().add("id", DataTypes.LongType).add("login", DataTypes.StringType);
        fields.set(1, DataTypes.createStructField("actor", actorV2, true));
        // a new column placed between existing ones, as a newer envelope puts it before the lineage columns
        fields.add(1, DataTypes.createStructField("delivery_id", DataTypes.StringType, true));
        TableDefinition v2 = new TableDefinition(
                Layer.SILVER,
                "evolving",
                DataTypes.createStructType(fields),
                List.of(),
                TableDefinition.withBaseProperties(Map.of("write.metadata.previous-versions-max", "7")));
        catalog.ensure(List.of(v2));

        Row row = spark.sql("SELECT id, actor.login, delivery_id FROM lakehouse.silver.evolving")
                .first();
        assertThat(row.getLong(0)).isEqualTo(1L);
        assertThat(row.isNullAt(1)).isTrue();
        assertThat(row.isNullAt(2)).isTrue();
        assertThat(spark.table("lakehouse.silver.evolving").schema().catalogString())
                .isEqualTo(v2.schema().catalogString());
        assertThat(spark.sql("SHOW TBLPROPERTIES lakehouse.silver.evolving ('write.metadata.previous-versions-max')")
                        .first()
                        .getString(1))
                .isEqualTo("7");
    }

    @Test
    void refusesASecondHolderOfAWriterLockUntilTheFirstLetsGo() {
        String checkpoint = "s3a://warehouse/checkpoints/it";
        try (WriterLock first = WriterLock.acquire(settings, checkpoint, "first-writer")) {
            assertThat(first.isHeld()).isTrue();
            assertThatThrownBy(() -> WriterLock.acquire(settings, checkpoint, "second-writer"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another writer holds " + checkpoint)
                    .hasMessageContaining("first-writer pid");
            WriterLock.acquire(settings, checkpoint + "-other", "other").close();
        }
        WriterLock.acquire(settings, checkpoint, "second-writer").close();
    }
}
