package dev.descheduler.cli.airflow;

import java.time.Duration;

/** Waits a while: between retries, between polls. A seam, so the loops that wait are tested without waiting. */
@FunctionalInterface
interface Pause {

    void pause(Duration duration) throws InterruptedException;

    static Pause sleeping() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
