package dev.descheduler.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.lakehouse.JvmOptions;
import dev.descheduler.lakehouse.table.BronzeTables;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transformations on a plain local Spark (no servers): the row encoder accepts what the decoders produce. */
class BronzeTransformsTest {

    private static final Schema V1 = GitHubEvent.getClassSchema();

    private static SparkSession spark;
    private static RealEvents events;

    @BeforeAll
    static void startSpark() {
        assertThat(JvmOptions.list()).isNotEmpty();
        events = RealEvents.load(300);
        spark = SparkSession.builder()
                .master("local[1]")
                .appName("bronze-transforms-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void decodesEveryEventOfEveryMessageIntoTheBronzeSchema() {
        List<GitHubEvent> first = events.take(200);
        List<GitHubEvent> second = events.take(90);
        Dataset<Row> kafka = spark.createDataFrame(
                List.of(KafkaRows.batch("b1", first, 0, 0L), KafkaRows.batch("b2", second, 1, 0L)), KafkaRows.SCHEMA);

        Dataset<Row> bronze = BronzeTransforms.events(kafka, V1);

        assertThat(names(bronze.schema())).containsExactly(names(BronzeTables.EVENTS.schema()));
        assertThat(bronze.count()).isEqualTo(290L);
        assertThat(bronze.where("batch_id = 'b2' AND kafka_partition = 1").count())
                .isEqualTo(90L);
        assertThat(bronze.select("ingest_id").distinct().count()).isEqualTo(290L);
        assertThat(bronze.where("bronze_loaded_at IS NULL OR received_at IS NULL OR actor.login IS NULL")
                        .count())
                .isZero();
        assertThat(BronzeTransforms.quarantine(kafka, V1).count()).isZero();
    }

    @Test
    void sendsOnlyTheCorruptMessageToQuarantine() {
        List<GitHubEvent> good = events.take(10);
        Dataset<Row> kafka = spark.createDataFrame(
                List.of(
                        KafkaRows.batch("good", good, 0, 5L),
                        KafkaRows.message("bad", new byte[] {'n', 'o', 't', ' ', 'a', 'v', 'r', 'o'}, "1", 0, 6L)),
                KafkaRows.SCHEMA);

        List<Row> quarantined = BronzeTransforms.quarantine(kafka, V1).collectAsList();

        assertThat(BronzeTransforms.events(kafka, V1).count()).isEqualTo(10L);
        assertThat(quarantined).hasSize(1);
        assertThat(quarantined.get(0).getLong(4)).isEqualTo(6L);
        assertThat(quarantined.get(0).getString(5)).isEqualTo("bad");
        assertThat(quarantined.get(0).isNullAt(6)).isFalse();
    }

    private static String[] names(StructType schema) {
        return schema.fieldNames();
    }
}
