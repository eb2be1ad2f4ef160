package dev.descheduler.cli.layers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the lakehouse through the SQL endpoint (Spark Thrift Server) over JDBC, the same way dbt and BI tools do. The
 * driver is Kyuubi's shaded Hive JDBC driver: one jar, so none of Hive's dependencies reach the CLI's classpath.
 */
public final class LakehouseQueries implements AutoCloseable {

    private final Connection connection;

    public LakehouseQueries(String jdbcUrl) throws SQLException {
        try {
            Class.forName("org.apache.kyuubi.jdbc.KyuubiHiveDriver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the Hive JDBC driver is missing from the CLI's classpath", e);
        }
        try {
            this.connection = DriverManager.getConnection(jdbcUrl, System.getProperty("user.name"), "");
        } catch (SQLException e) {
            throw new SQLException(
                    "cannot reach the SQL endpoint at " + jdbcUrl + " (is it up? `make up` starts it): "
                            + e.getMessage(),
                    e);
        }
    }

    /** Rows as column-name maps; parameters are bound, never spliced into the text. */
    public List<Map<String, Object>> rows(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /** Streams a large result row by row instead of holding it as maps. */
    public void forEachRow(String sql, RowConsumer consumer) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(10_000);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    consumer.accept(result);
                }
            }
        }
    }

    /** One row of {@link #forEachRow}. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }

    public boolean tableExists(String namespace, String table) throws SQLException {
        return rows("SHOW TABLES IN " + namespace).stream().anyMatch(r -> table.equals(r.get("tableName")));
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
