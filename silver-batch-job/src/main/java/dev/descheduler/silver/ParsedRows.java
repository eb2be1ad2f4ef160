package dev.descheduler.silver;

import dev.descheduler.silver.parse.BronzeEventRow;
import dev.descheduler.silver.parse.ParseResult;
import dev.descheduler.silver.parse.Rejection;
import dev.descheduler.silver.parse.SilverColumn;
import dev.descheduler.silver.parse.SilverEvent;
import dev.descheduler.silver.parse.SilverEventParser;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Bronze rows to parse results, one pass: each output row has every Silver column plus {@code rejection_reason},
 * which is null for a Silver row and says what is wrong for a rejected one (whose other columns then hold only what
 * is known: event id and type, ingest id, received at). The job splits them by that column.
 */
final class ParsedRows implements MapPartitionsFunction<Row, Row> {

    static final String REJECTION_REASON = "rejection_reason";

    /** The Bronze columns Silver reads; nothing else of a Bronze row is decoded. */
    static final List<String> BRONZE_COLUMNS =
            List.of("ingest_id", "received_at", "id", "type", "actor", "repo", "org", "payload", "created_at");

    private static final int COLUMNS = SilverColumn.all().size();
    private final SilverEventParser parser = new SilverEventParser();

    static StructType schema() {
        // the parser's columns only: the load time is stamped when the rows are written
        List<StructField> fields =
                new ArrayList<>(List.of(SilverTables.EVENTS.schema().fields()).subList(0, COLUMNS));
        fields.add(DataTypes.createStructField(REJECTION_REASON, DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> bronze) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return bronze.hasNext();
            }

            @Override
            public Row next() {
                BronzeEventRow event = bronzeEvent(bronze.next());
                return toRow(parser.parse(event), event);
            }
        };
    }

    /** Reads a row selected with {@link #BRONZE_COLUMNS}, in that order. */
    static BronzeEventRow bronzeEvent(Row row) {
        Row actor = row.getStruct(4);
        Row repo = row.getStruct(5);
        Row org = row.isNullAt(6) ? null : row.getStruct(6);
        return new BronzeEventRow(
                row.getString(0),
                instant(row.get(1)),
                row.getString(2),
                row.getString(3),
                actor == null
                        ? null
                        : new BronzeEventRow.Actor(
                                longOrNull(actor, "id"), actor.getAs("login"), actor.getAs("display_login")),
                repo == null ? null : new BronzeEventRow.Repo(longOrNull(repo, "id"), repo.getAs("name")),
                org == null ? null : new BronzeEventRow.Org(longOrNull(org, "id"), org.getAs("login")),
                row.getString(7),
                row.getString(8));
    }

    static Row toRow(ParseResult result, BronzeEventRow input) {
        Object[] values = new Object[COLUMNS + 1];
        if (result instanceof SilverEvent event) {
            System.arraycopy(event.toValues(), 0, values, 0, COLUMNS);
        } else if (result instanceof Rejection rejection) {
            values[SilverColumn.EVENT_ID.ordinal()] = rejection.eventId();
            values[SilverColumn.EVENT_TYPE.ordinal()] = rejection.eventType();
            values[SilverColumn.INGEST_ID.ordinal()] = rejection.ingestId();
            values[SilverColumn.RECEIVED_AT.ordinal()] = input.receivedAt();
            values[COLUMNS] = rejection.reason();
        }
        return RowFactory.create(values);
    }

    private static Long longOrNull(Row struct, String field) {
        int i = struct.fieldIndex(field);
        return struct.isNullAt(i) ? null : struct.getLong(i);
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return (Instant) value;
    }
}
