package dev.descheduler.localstack.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL from the zonky binaries on a persistent data folder, with the application's role and database created
 * on first start. Arguments: port, data folder, user, password, database.
 */
public final class PostgresServerMain {

    private PostgresServerMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String user = args[2];
        String password = args[3];
        String database = args[4];
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(new File(args[1]))
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("local-stack: PostgreSQL stop failed: " + e);
            }
        }));
        try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
            ensureRole(admin, user, password);
            ensureDatabase(admin, database, user);
        }
        System.out.println("local-stack: PostgreSQL ready on port " + port);
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
