package dev.descheduler.cli.airflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunWaiterTest {

    private Instant now = Instant.parse("2026-12-03T12:00:00Z");
    private final List<Duration> pauses = new ArrayList<>();
    private final RunWaiter waiter = new RunWaiter(
            new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            },
            duration -> {
                pauses.add(duration);
                now = now.plus(duration);
            },
            Duration.ofSeconds(5));

    @Test
    void returns_the_finished_run_and_reports_each_state_once() throws InterruptedException {
        Deque<String> states = new ArrayDeque<>(List.of("queued", "queued", "running", "running", "success"));
        List<String> seen = new ArrayList<>();

        Optional<DagRun> run = waiter.await(() -> run(states.pop()), Duration.ofMinutes(1), r -> seen.add(r.state()));

        assertThat(run).map(DagRun::state).contains("success");
        assertThat(seen).containsExactly("queued", "running", "success");
        assertThat(pauses).hasSize(4);
    }

    @Test
    void a_failed_run_is_finished_too() throws InterruptedException {
        Optional<DagRun> run = waiter.await(() -> run("failed"), Duration.ofMinutes(1), r -> {});

        assertThat(run).map(DagRun::succeeded).contains(false);
        assertThat(pauses).isEmpty();
    }

    @Test
    void gives_up_at_the_timeout_without_sleeping_past_it() throws InterruptedException {
        Optional<DagRun> run = waiter.await(() -> run("running"), Duration.ofSeconds(12), r -> {});

        assertThat(run).isEmpty();
        assertThat(pauses).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    private static DagRun run(String state) {
        return new DagRun("d", "r", state, "manual", null, null, null, null);
    }
}
