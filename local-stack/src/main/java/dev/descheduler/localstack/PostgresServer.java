package dev.descheduler.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** PostgreSQL 17 from the zonky binaries, run by a child JVM; holds the Iceberg JDBC catalog. */
public final class PostgresServer extends ServerProcess {

    /** How commits reach the disk. */
    public enum Durability {
        /** fsync and synchronous commit on: a committed catalog change survives a crash (`make up`, the default). */
        DURABLE,
        /**
         * fsync and synchronous commit off, the embedded library's test defaults: faster, but a crash of the machine
         * can lose or corrupt recent commits. For test stacks only, whose data is thrown away.
         */
        FAST_UNSAFE
    }

    private final Durability durability;
    private final String user;
    private final String password;
    private final String database;

    PostgresServer(int port, Path dataDir, Durability durability, String user, String password, String database) {
        super("PostgreSQL", port, dataDir);
        this.durability = durability;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Airflow's metadata database, beside the catalog's: scripts/airflow.sh points Airflow at it. */
    public static final String AIRFLOW_DATABASE = "airflow";

    public String database() {
        return database;
    }

    public Durability durability() {
        return durability;
    }

    Path pgData() {
        return dataDir().resolve("pgdata");
    }

    @Override
    void prepare() {
        stopOrphanedPostmaster();
    }

    @Override
    void afterKill() {
        stopOrphanedPostmaster();
    }

    @Override
    List<String> mainAndArgs() {
        return List.of(
                "dev.descheduler.localstack.server.PostgresServerMain",
                Integer.toString(port()),
                pgData().toString(),
                durability.name(),
                user,
                password,
                database,
                AIRFLOW_DATABASE);
    }

    @Override
    String readyMarker() {
        return "local-stack: PostgreSQL ready";
    }

    /**
     * Killing the child JVM leaves its postgres process running and holding the port and data directory; it is
     * asked to stop fast (SIGINT) so that the next start can recover the data.
     */
    private void stopOrphanedPostmaster() {
        postmasterPid().flatMap(ProcessHandle::of).ifPresent(postmaster -> {
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid()))
                        .inheritIO()
                        .start()
                        .waitFor();
            } catch (IOException e) {
                postmaster.destroy();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!waitUntil(() -> !postmaster.isAlive(), Duration.ofSeconds(30))) {
                postmaster.destroyForcibly();
                waitUntil(() -> !postmaster.isAlive(), Duration.ofSeconds(10));
            }
        });
    }

    private Optional<Long> postmasterPid() {
        Path pidFile = pgData().resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
