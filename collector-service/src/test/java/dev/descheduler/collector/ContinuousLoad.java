package dev.descheduler.collector;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients posting batches to one collector without pause until stopped, recording what was acknowledged and how each
 * refusal was answered. A refused connection (the process is gone or not up yet) is counted, not fatal: faults are
 * what the tests inject.
 */
final class ContinuousLoad implements AutoCloseable {

    private static final AtomicInteger NEXT_EVENT = new AtomicInteger(10_000_000);

    final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
    final AtomicInteger shuttingDown = new AtomicInteger();
    final AtomicInteger full = new AtomicInteger();
    final AtomicInteger connectionFailures = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService clients;
    private final List<Future<?>> loops = new ArrayList<>();

    ContinuousLoad(int port, int clientCount, int eventsPerRequest) {
        this.clients = Executors.newFixedThreadPool(clientCount);
        CollectorClient client = new CollectorClient(port);
        for (int i = 0; i < clientCount; i++) {
            loops.add(clients.submit(() -> {
                post(client, eventsPerRequest);
                return null;
            }));
        }
    }

    private void post(CollectorClient client, int eventsPerRequest) throws InterruptedException {
        while (running.get()) {
            List<String> request = new ArrayList<>(eventsPerRequest);
            for (int i = 0; i < eventsPerRequest; i++) {
                request.add(TestEvents.json(NEXT_EVENT.getAndIncrement()));
            }
            CollectorClient.Answer answer;
            try {
                answer = client.postBatch(request);
            } catch (IOException e) {
                connectionFailures.incrementAndGet();
                // the collector is down or restarting: do not spin on refused connections
                Thread.sleep(50);
                continue;
            }
            if (answer.status() == 200 && answer.acceptedIds().size() == request.size()) {
                acknowledged.addAll(answer.acceptedIds());
            } else if (answer.status() == 503 && answer.body().contains("\"reason\":\"shutting_down\"")) {
                shuttingDown.incrementAndGet();
            } else if (answer.status() == 503 && answer.body().contains("\"reason\":\"pipeline_full\"")) {
                full.incrementAndGet();
            } else {
                unexpected.add(answer.status() + " " + answer.body());
            }
        }
    }

    /** Stops the clients and fails if any got an answer other than a full acknowledgement or a clear 503. */
    List<String> stop() throws Exception {
        running.set(false);
        for (Future<?> loop : loops) {
            loop.get();
        }
        clients.shutdown();
        if (!unexpected.isEmpty()) {
            throw new AssertionError("unexpected answers under load: " + unexpected);
        }
        return List.copyOf(acknowledged);
    }

    @Override
    public void close() {
        running.set(false);
        clients.shutdownNow();
    }

    /** How many copies beyond the first each id has, summed: 0 when nothing is duplicated. */
    static int duplicates(Collection<String> idsInKafka) {
        Map<String, Integer> copies = new HashMap<>();
        for (String id : idsInKafka) {
            copies.merge(id, 1, Integer::sum);
        }
        return copies.values().stream().mapToInt(n -> n - 1).sum();
    }
}
