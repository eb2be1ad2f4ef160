package dev.descheduler.cli.airflow;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where Airflow is and how to sign in. Defaults fit `make up`: the api-server on 127.0.0.1:8080, user admin, the
 * password `scripts/airflow.sh` generated under the data folder. The password is never a command-line option: it
 * would show in the process list.
 */
public final class AirflowOptions {

    @Option(
            names = "--url",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:AIRFLOW_URL:-http://127.0.0.1:8080}",
            description = "Airflow's api-server (env AIRFLOW_URL; default ${DEFAULT-VALUE})")
    URI url;

    @Option(
            names = "--user",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:AIRFLOW_USER:-admin}",
            description = "user to sign in as (env AIRFLOW_USER; default ${DEFAULT-VALUE})")
    String user;

    @Option(
            names = "--password-file",
            scope = ScopeType.INHERIT,
            description = "file holding the password (default: AIRFLOW_PASSWORD, else AIRFLOW_ADMIN_PASSWORD, else"
                    + " $DATA_DIR/airflow/admin-password, which `make up` writes)")
    Path passwordFile;

    public AirflowConnection connection() {
        try {
            return new AirflowConnection(url, user, password());
        } catch (IllegalArgumentException e) {
            throw new AirflowException(e.getMessage(), e);
        }
    }

    private String password() {
        if (passwordFile != null) {
            return read(passwordFile);
        }
        String fromEnv = System.getenv("AIRFLOW_PASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        String admin = System.getenv("AIRFLOW_ADMIN_PASSWORD");
        if (admin != null && !admin.isEmpty()) {
            return admin;
        }
        String dataDir = System.getenv("DATA_DIR");
        return read(Path.of(dataDir == null || dataDir.isEmpty() ? ".data" : dataDir, "airflow", "admin-password"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new AirflowException("no Airflow password: " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ") and AIRFLOW_PASSWORD is not set; start Airflow with `make up`"
                    + " (it writes that file) or set AIRFLOW_PASSWORD");
        }
    }
}
