package dev.descheduler.silver.parse;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The SQL type of a Silver column and the Java class its values have in {@link SilverEvent#toValues()}.
 *
 * <p>Timestamps are {@link Instant} and dates {@link LocalDate}: Spark accepts them as they are with
 * {@code spark.sql.datetime.java8API.enabled=true}, and they carry no JVM time zone.
 */
public enum ColumnType {
    STRING(String.class),
    INT(Integer.class),
    LONG(Long.class),
    BOOLEAN(Boolean.class),
    TIMESTAMP(Instant.class),
    DATE(LocalDate.class),
    /** An array rather than a joined string: wiki page names are free text, so no separator is safe. */
    STRING_ARRAY(String[].class);

    private final Class<?> javaClass;

    ColumnType(Class<?> javaClass) {
        this.javaClass = javaClass;
    }

    public Class<?> javaClass() {
        return javaClass;
    }
}
