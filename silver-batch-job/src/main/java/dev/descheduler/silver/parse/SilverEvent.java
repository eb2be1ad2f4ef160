package dev.descheduler.silver.parse;

import java.util.List;

/** One typed, flattened row of {@code silver.github_events}, its values in {@link SilverColumn} order. */
public final class SilverEvent implements ParseResult {

    private static final List<SilverColumn> COLUMNS = SilverColumn.all();

    private final Object[] values;

    private SilverEvent(Object[] values) {
        this.values = values;
    }

    /** The value of one column: an instance of its type's {@link ColumnType#javaClass()}, or null. */
    public Object get(SilverColumn column) {
        return values[column.ordinal()];
    }

    public String eventId() {
        return (String) get(SilverColumn.EVENT_ID);
    }

    /** The values aligned with {@link SilverColumn#all()}: ready for a Spark {@code Row}. */
    public Object[] toValues() {
        return values.clone();
    }

    static Builder builder() {
        return new Builder();
    }

    /** Collects values column by column; checks each value's class so a wrong mapping fails where it is made. */
    static final class Builder {
        private final Object[] values = new Object[COLUMNS.size()];

        Builder set(SilverColumn column, Object value) {
            if (value != null && !column.type().javaClass().isInstance(value)) {
                throw new IllegalArgumentException(column.columnName() + " is " + column.type() + ", not "
                        + value.getClass().getSimpleName());
            }
            values[column.ordinal()] = value;
            return this;
        }

        boolean isSet(SilverColumn column) {
            return values[column.ordinal()] != null;
        }

        SilverEvent build() {
            return new SilverEvent(values);
        }
    }
}
