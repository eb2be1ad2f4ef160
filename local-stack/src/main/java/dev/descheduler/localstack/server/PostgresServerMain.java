package dev.descheduler.localstack.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * PostgreSQL from the zonky binaries on a persistent data folder, with the application's role and database created
 * on first start (and any database missing on a later start). Arguments: port, data folder, durability ({@code DURABLE}
 * or {@code FAST_UNSAFE}), user, password, then one or more databases owned by that user.
 */
public final class PostgresServerMain {

    private PostgresServerMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean durable = durable(args[2]);
        String user = args[3];
        String password = args[4];
        List<String> databases = List.of(args).subList(5, args.length);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(new File(args[1]))
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1");
        if (durable) {
            // zonky always passes -F (fsync off) and defaults synchronous_commit to off, its test settings; a -c
            // given after -F on the postgres command line wins, so these restore PostgreSQL's durable defaults
            builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
        }
        EmbeddedPostgres postgres = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("local-stack: PostgreSQL stop failed: " + e);
            }
        }));
        try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
            ensureRole(admin, user, password);
            for (String database : databases) {
                ensureDatabase(admin, database, user);
            }
        }
        System.out.println(
                "local-stack: PostgreSQL ready on port " + port + (durable ? "" : " (fsync off: tests only)"));
    }

    private static boolean durable(String durability) {
        return switch (durability) {
            case "DURABLE" -> true;
            case "FAST_UNSAFE" -> false;
            default ->
                throw new IllegalArgumentException("durability must be DURABLE or FAST_UNSAFE, was " + durability);
        };
    }

    private static void ensureRole(Connection admin, String user, String password) throws SQLException {
        if (!exists(admin, "select 1 from pg_roles where rolname = ?", user)) {
            try (Statement sql = admin.createStatement()) {
                sql.execute("create role \"" + user + "\" login password '" + password.replace("'", "''") + "'");
            }
        }
    }

    private static void ensureDatabase(Connection admin, String database, String owner) throws SQLException {
        if (!exists(admin, "select 1 from pg_database where datname = ?", database)) {
            try (Statement sql = admin.createStatement()) {
                sql.execute("create database \"" + database + "\" owner \"" + owner + "\"");
            }
        }
    }

    private static boolean exists(Connection admin, String query, String name) throws SQLException {
        try (PreparedStatement statement = admin.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }
}
