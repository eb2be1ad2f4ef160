package dev.descheduler.cli.airflow;

import java.net.URI;
import java.util.Objects;

/** Where Airflow's api-server listens and who signs in: the settings every Airflow call needs. */
public record AirflowConnection(URI baseUrl, String user, String password) {

    public AirflowConnection {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("the Airflow URL must start with http:// or https://, got " + baseUrl);
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("the Airflow user is empty");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the Airflow password is empty");
        }
    }

    /** The base URL without a trailing slash, so paths can be appended as they are written in the API reference. */
    String base() {
        String url = baseUrl.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        // never the password: this ends up in log lines and error messages
        return "AirflowConnection[" + baseUrl + ", user=" + user + "]";
    }
}
