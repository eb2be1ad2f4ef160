package dev.descheduler.cli.airflow;

/**
 * A failure a user can act on, said in one line: Airflow refused the request (unknown DAG, wrong credentials, a
 * duplicate run id, an invalid conf) or could not be reached. The CLI prints the message, never a stack trace.
 */
public final class AirflowException extends RuntimeException {

    public AirflowException(String message) {
        super(message);
    }

    public AirflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
