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
            defaultValue = "${env:DATA_DIR:-.data}/airflow/admin-password",
            description = "file holding the password, used when AIRFLOW_PASSWORD is not set (default ${DEFAULT-VALUE},"
                    + " written by `make up`)")
    Path passwordFile;

    public AirflowConnection connection() {
        try {
            return new AirflowConnection(url, user, password());
        } catch (IllegalArgumentException e) {
            throw new AirflowException(e.getMessage(), e);
        }
    }

    private String password() {
        String fromEnv = System.getenv("AIRFLOW_PASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        String admin = System.getenv("AIRFLOW_ADMIN_PASSWORD");
        if (admin != null && !admin.isEmpty()) {
            return admin;
        }
        try {
            return Files.readString(passwordFile).strip();
        } catch (IOException e) {
            throw new AirflowException("no Airflow password: AIRFLOW_PASSWORD is not set and " + passwordFile
                    + " cannot be read (" + e.getClass().getSimpleName() + "); start Airflow with `make up` or set"
                    + " AIRFLOW_PASSWORD");
        }
    }
}
