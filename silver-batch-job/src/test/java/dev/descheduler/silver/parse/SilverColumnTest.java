package dev.descheduler.silver.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalogue is the schema the Spark job builds: it must line up with the values of every event. */
class SilverColumnTest {

    @Test
    void givesEveryEventOneValueOfTheColumnsTypePerColumnInCatalogueOrder() {
        List<SilverColumn> columns = SilverColumn.all();
        for (SampleEvents.Sample sample : SampleEvents.all()) {
            BronzeEventRow row = sample.row();
            SilverEvent event = SampleEvents.parsed(row);
            Object[] values = event.toValues();

            assertThat(values).as("values of %s", row.type()).hasSameSizeAs(columns);
            for (int i = 0; i < values.length; i++) {
                SilverColumn column = columns.get(i);
                assertThat(values[i])
                        .as("%s of %s", column.columnName(), row.type())
                        .isSameAs(event.get(column));
                if (values[i] != null) {
                    assertThat(values[i])
                            .as("%s of %s", column.columnName(), row.type())
                            .isInstanceOf(column.type().javaClass());
                }
            }
        }
    }

    @Test
    void fillsTheColumnsEveryRowNeedsForEveryEvent() {
        for (SampleEvents.Sample sample : SampleEvents.all()) {
            BronzeEventRow row = sample.row();
            SilverEvent event = SampleEvents.parsed(row);

            for (SilverColumn required : List.of(
                    SilverColumn.EVENT_ID,
                    SilverColumn.EVENT_TYPE,
                    SilverColumn.CREATED_AT,
                    SilverColumn.CREATED_DATE,
                    SilverColumn.PAYLOAD_SHAPE)) {
                assertThat(event.get(required))
                        .as("%s of %s", required.columnName(), row.type())
                        .isNotNull();
            }
        }
    }

    @Test
    void namesColumnsInSnakeCaseWithTheContractsKeyFirst() {
        assertThat(SilverColumn.all().get(0).columnName()).isEqualTo("event_id");
        assertThat(SilverColumn.all())
                .extracting(SilverColumn::columnName)
                .allMatch(name -> name.matches("[a-z][a-z_]*"))
                .doesNotHaveDuplicates()
                .contains("event_type", "created_at", "actor_is_bot", "repo_owner", "payload_shape", "pr_is_merged");
    }

    @Test
    void handsOutACopySoASparkRowCannotChangeTheEvent() {
        SilverEvent event = SampleEvents.parsed(SampleEvents.PUSH_2015);

        event.toValues()[0] = "changed";

        assertThat(event.eventId()).isEqualTo("2489651045");
    }

    @Test
    void refusesAValueOfTheWrongClassForAColumn() {
        SilverEvent.Builder builder = SilverEvent.builder();

        assertThatThrownBy(() -> builder.set(SilverColumn.PUSH_SIZE, 3L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("push_size is INT, not Long");
    }
}
