package dev.descheduler.cli.airflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Polls a run until it finishes or the time is up. The clock and the pause are seams, so the loop is unit-tested. */
final class RunWaiter {

    private final Clock clock;
    private final Pause pause;
    private final Duration every;

    RunWaiter(Clock clock, Pause pause, Duration every) {
        this.clock = clock;
        this.pause = pause;
        this.every = every;
    }

    static RunWaiter polling(Duration every) {
        return new RunWaiter(Clock.systemUTC(), Pause.sleeping(), every);
    }

    /**
     * The finished run, or empty when {@code timeout} passed first. {@code onChange} sees every state the run moves
     * through (queued, running, …) once.
     */
    Optional<DagRun> await(Supplier<DagRun> poll, Duration timeout, Consumer<DagRun> onChange)
            throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        String lastState = null;
        while (true) {
            DagRun run = poll.get();
            if (!run.state().equals(lastState)) {
                onChange.accept(run);
                lastState = run.state();
            }
            if (run.finished()) {
                return Optional.of(run);
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return Optional.empty();
            }
            pause.pause(left.compareTo(every) < 0 ? left : every);
        }
    }
}
