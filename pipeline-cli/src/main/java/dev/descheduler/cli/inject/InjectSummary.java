package dev.descheduler.cli.inject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of one injection run; thread-safe. */
final class InjectSummary {

    final AtomicLong sent = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong unresolved = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final Map<String, AtomicLong> rejectReasons = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> firstRejections = new ConcurrentLinkedQueue<>();
    long elapsedNanos;

    void rejected(String reason, String error, int events) {
        rejected.addAndGet(events);
        rejectReasons.computeIfAbsent(reason, r -> new AtomicLong()).addAndGet(events);
        if (firstRejections.size() < 5) {
            firstRejections.add(error);
        }
    }

    double eventsPerSecond() {
        return elapsedNanos == 0 ? 0 : (accepted.get() + rejected.get()) / (elapsedNanos / 1e9);
    }

    String toJson() {
        StringBuilder reasons = new StringBuilder();
        rejectReasons.forEach((reason, n) -> reasons.append(reasons.isEmpty() ? "" : ",")
                .append('"')
                .append(reason)
                .append("\":")
                .append(n.get()));
        return "{\"sent\":" + sent + ",\"accepted\":" + accepted + ",\"rejected\":" + rejected + ",\"retried\":"
                + retried
                + ",\"unresolved\":" + unresolved + ",\"requests\":" + requests + ",\"elapsed_seconds\":"
                + String.format("%.3f", elapsedNanos / 1e9) + ",\"events_per_second\":"
                + String.format("%.1f", eventsPerSecond()) + ",\"reject_reasons\":{" + reasons + "}}";
    }

    List<String> report() {
        return List.of(
                "sent:      " + sent,
                "accepted:  " + accepted,
                "rejected:  " + rejected + (rejectReasons.isEmpty() ? "" : " " + rejectReasons),
                "retried:   " + retried + " requests",
                "unresolved:" + " " + unresolved + " (neither accepted nor rejected with a reason)",
                String.format("rate:      %.0f events/s over %.1f s", eventsPerSecond(), elapsedNanos / 1e9));
    }
}
