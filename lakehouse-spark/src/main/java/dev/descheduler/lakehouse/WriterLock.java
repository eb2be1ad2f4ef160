package dev.descheduler.lakehouse;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per streaming checkpoint, enforced by a PostgreSQL advisory lock in the catalog's database. Spark only
 * refuses a second query on a checkpoint inside one JVM; two drivers on one checkpoint would race on its offset log
 * and commit overlapping ranges. The lock belongs to a database session, so a writer that is killed releases it the
 * moment its connection drops: no lease to wait out after a crash.
 */
public final class WriterLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriterLock.class);

    private final Connection connection;
    private final String resource;

    private WriterLock(Connection connection, String resource) {
        this.connection = connection;
        this.resource = resource;
    }

    /**
     * Takes the lock on {@code resource} (a checkpoint location) or fails with a message naming the current holder.
     *
     * @param owner what this writer is, shown to a refused second writer (for example the job's name)
     */
    public static WriterLock acquire(LakehouseSettings settings, String resource, String owner) {
        String holder = owner + " pid " + ManagementFactory.getRuntimeMXBean().getPid();
        Properties props = new Properties();
        props.setProperty("user", settings.jdbcUser());
        props.setProperty("password", settings.jdbcPassword());
        props.setProperty("ApplicationName", truncate(holder, 63));
        // a dead peer must not keep the lock: the server drops the session when the socket is gone
        props.setProperty("tcpKeepAlive", "true");
        Connection connection = null;
        try {
            connection = DriverManager.getConnection(settings.jdbcUrl(), props);
            long key = keyOf(resource);
            if (!tryLock(connection, key)) {
                String current = currentHolder(connection, key);
                throw new IllegalStateException("another writer holds " + resource + " (" + current
                        + "); a second writer on one checkpoint would commit overlapping offset ranges, so this one"
                        + " refuses to start. Stop the other writer first (make down), or give this one its own"
                        + " checkpoint location.");
            }
            LOG.info("writer lock taken on {} by {}", resource, holder);
            return new WriterLock(connection, resource);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException(
                    "cannot take the writer lock on " + resource + " in " + settings.jdbcUrl() + ": " + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** False once the database session that holds the lock is gone (then another writer may already have it). */
    public boolean isHeld() {
        try {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            connection.close(); // ends the session, which releases the lock
            LOG.info("writer lock released on {}", resource);
        } catch (SQLException e) {
            LOG.warn(
                    "closing the writer lock connection for {} failed; the server releases it when the session ends",
                    resource,
                    e);
        }
    }

    private static boolean tryLock(Connection connection, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String currentHolder(Connection connection, long key) throws SQLException {
        String sql = "SELECT a.application_name, a.client_addr, a.backend_start FROM pg_locks l"
                + " JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            // a bigint advisory key is shown as its high and low 32 bits, each as an unsigned oid
            statement.setLong(1, key >>> 32);
            statement.setLong(2, key & 0xFFFFFFFFL);
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    return "held by '" + rs.getString(1) + "' from " + rs.getString(2) + " since " + rs.getString(3);
                }
                return "held by a session that has just ended; retry";
            }
        }
    }

    static long keyOf(String resource) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(resource.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException suppressed) {
                // the original failure is the one to report
            }
        }
    }
}
