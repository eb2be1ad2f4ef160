package dev.descheduler.cli.airflow;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The one retry policy of the Airflow client: a 5xx answer or a connection dropped mid-call (the api-server
 * restarting, a worker recycled) is retried with doubling waits; everything else is final and goes back to the caller
 * at once. A 4xx is Airflow's considered answer; a refused connection or an unknown host means Airflow is not there,
 * and waiting would only delay the message that says so.
 */
final class TransientFailureRetry implements Interceptor {

    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Pause pause;

    TransientFailureRetry(int maxAttempts, Duration firstBackoff, Pause pause) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.pause = pause;
    }

    static TransientFailureRetry standard() {
        return new TransientFailureRetry(4, Duration.ofMillis(500), Pause.sleeping());
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt == maxAttempts;
            try {
                Response response = chain.proceed(chain.request());
                if (response.code() < 500 || last) {
                    return response;
                }
                response.close();
            } catch (IOException e) {
                if (!isTransient(e) || last) {
                    throw e;
                }
            }
            waitBefore(backoff);
            backoff = backoff.multipliedBy(2);
        }
    }

    static boolean isTransient(IOException e) {
        // a timeout is an InterruptedIOException too; a slow answer is worth another try, a user's Ctrl-C is not
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
            return false;
        }
        return !(e instanceof ConnectException || e instanceof UnknownHostException || e instanceof SSLException);
    }

    private void waitBefore(Duration backoff) throws InterruptedIOException {
        try {
            pause.pause(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry the Airflow call");
        }
    }
}
