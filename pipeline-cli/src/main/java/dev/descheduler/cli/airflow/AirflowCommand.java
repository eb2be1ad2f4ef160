package dev.descheduler.cli.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pipeline-cli airflow …}: trigger and watch DAG runs through Airflow's REST API. Exit codes script:
 * {@value #SUCCESS} done (or the run succeeded), {@value #RUN_FAILED} the run failed, {@value #TIMED_OUT} the wait
 * timed out, {@value #REFUSED} Airflow refused the request or could not be reached (the message says why).
 */
@Command(
        name = "airflow",
        mixinStandardHelpOptions = true,
        description = "Trigger and watch Airflow DAG runs (REST API v2): trigger, status, runs, tasks, logs, pause,"
                + " unpause, asset-event.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done; with --wait, the run succeeded",
            "1:the run failed (the failed tasks are named)",
            "2:--wait timed out before the run finished",
            "3:Airflow refused the request or is not reachable (the message says why)",
            "64:invalid command line"
        })
public final class AirflowCommand {

    public static final int SUCCESS = 0;
    public static final int RUN_FAILED = 1;
    public static final int TIMED_OUT = 2;
    public static final int REFUSED = 3;

    private final ObjectMapper json = new ObjectMapper();

    @Mixin
    AirflowOptions options;

    @Spec
    CommandSpec spec;

    @Command(name = "trigger", description = "Start a run of a DAG now; with --wait, follow it to its end.")
    int trigger(
            @Parameters(paramLabel = "<dag>") String dagId,
            @Option(names = "--conf", paramLabel = "JSON", description = "the run's conf, a JSON object") String conf,
            @Option(names = "--run-id", description = "name the run (default: Airflow's manual__<time>)") String runId,
            @Option(names = "--wait", description = "wait for the run to finish; exit 0 success, 1 failed, 2 timeout")
                    boolean wait,
            @Option(
                            names = "--timeout",
                            defaultValue = "PT1H",
                            description = "how long --wait waits (ISO-8601, default" + " ${DEFAULT-VALUE})")
                    Duration timeout,
            @Option(
                            names = "--poll",
                            defaultValue = "PT5S",
                            description = "how often --wait asks (default" + " ${DEFAULT-VALUE})")
                    Duration poll)
            throws InterruptedException {
        AirflowClient client = client();
        DagRun run = client.trigger(dagId, runId, parseConf(conf));
        out().printf(
                        "triggered %s run %s (%s)%n  %s%n",
                        dagId, run.runId(), run.state(), client.runUrl(dagId, run.runId()));
        out().flush();
        if (!wait) {
            return SUCCESS;
        }
        return follow(client, run, timeout, poll);
    }

    @Command(name = "status", description = "The state of a run (default: the latest run of the DAG).")
    int status(
            @Parameters(paramLabel = "<dag>") String dagId,
            @Parameters(paramLabel = "<run id>", arity = "0..1") String runId) {
        AirflowClient client = client();
        DagRun run = runId != null
                ? client.run(dagId, runId)
                : client.latestRun(dagId)
                        .orElseThrow(() -> new AirflowException("DAG '" + dagId + "' has no runs yet"));
        out().printf("%s run %s: %s%n", dagId, run.runId(), run.state());
        printTimes(run);
        out().printf("  %s%n", client.runUrl(dagId, run.runId()));
        printTasks(client.tasks(dagId, run.runId()), true);
        return SUCCESS;
    }

    @Command(name = "runs", description = "The latest runs of a DAG, newest first.")
    int runs(
            @Parameters(paramLabel = "<dag>") String dagId,
            @Option(
                            names = "--limit",
                            defaultValue = "20",
                            description = "at most this many (default ${DEFAULT-VALUE})")
                    int limit) {
        List<DagRun> runs = client().runs(dagId, limit);
        if (runs.isEmpty()) {
            out().printf("%s has no runs yet%n", dagId);
            return SUCCESS;
        }
        out().printf("%-48s %-10s %-10s %-32s %s%n", "RUN ID", "STATE", "TYPE", "STARTED", "DURATION");
        for (DagRun run : runs) {
            out().printf(
                            "%-48s %-10s %-10s %-32s %s%n",
                            run.runId(),
                            run.state(),
                            nullToDash(run.runType()),
                            nullToDash(run.startDate()),
                            seconds(run.durationSeconds()));
        }
        return SUCCESS;
    }

    @Command(name = "tasks", description = "The state of every task of a run.")
    int tasks(@Parameters(paramLabel = "<dag>") String dagId, @Parameters(paramLabel = "<run id>") String runId) {
        printTasks(client().tasks(dagId, runId), false);
        return SUCCESS;
    }

    @Command(name = "logs", description = "The log of a task of a run (default: its latest try).")
    int logs(
            @Parameters(paramLabel = "<dag>") String dagId,
            @Parameters(paramLabel = "<run id>") String runId,
            @Parameters(paramLabel = "<task>") String taskId,
            @Option(names = "--try", description = "which try (default: the latest)") Integer tryNumber) {
        client().log(dagId, runId, taskId, tryNumber).forEach(out()::println);
        return SUCCESS;
    }

    @Command(name = "pause", description = "Pause a DAG: no new runs start (running ones finish).")
    int pause(@Parameters(paramLabel = "<dag>") String dagId) {
        client().setPaused(dagId, true);
        out().printf("%s paused%n", dagId);
        return SUCCESS;
    }

    @Command(name = "unpause", description = "Unpause a DAG: it runs on its schedule and its assets again.")
    int unpause(@Parameters(paramLabel = "<dag>") String dagId) {
        client().setPaused(dagId, false);
        out().printf("%s unpaused%n", dagId);
        return SUCCESS;
    }

    @Command(
            name = "asset-event",
            description = "Mark an asset updated (e.g. bronze.github_events), so the DAGs scheduled on it run.")
    int assetEvent(
            @Parameters(paramLabel = "<asset>") String asset,
            @Option(names = "--extra", paramLabel = "JSON", description = "details kept with the event, a JSON object")
                    String extra) {
        JsonNode details = parseConf(extra);
        Map<String, Object> fields = details == null ? Map.of() : json.convertValue(details, Map.class);
        long id = client().createAssetEvent(asset, fields);
        out().printf("asset %s marked updated (event %d)%n", asset, id);
        return SUCCESS;
    }

    private int follow(AirflowClient client, DagRun run, Duration timeout, Duration poll) throws InterruptedException {
        Optional<DagRun> finished = RunWaiter.polling(poll)
                .await(() -> client.run(run.dagId(), run.runId()), timeout, changed -> {
                    out().printf("  %s%n", changed.state());
                    out().flush();
                });
        if (finished.isEmpty()) {
            err().printf(
                            "run %s of %s did not finish within %s; it goes on: `pipeline-cli airflow status %s %s`%n",
                            run.runId(), run.dagId(), timeout, run.dagId(), run.runId());
            return TIMED_OUT;
        }
        DagRun done = finished.get();
        printTimes(done);
        if (done.succeeded()) {
            out().printf("run %s of %s succeeded%n", done.runId(), done.dagId());
            return SUCCESS;
        }
        List<String> failed = client.tasks(done.dagId(), done.runId()).stream()
                .filter(TaskInstance::failed)
                .map(TaskInstance::taskId)
                .toList();
        err().printf(
                        "run %s of %s failed; failed tasks: %s%n  logs: pipeline-cli airflow logs %s %s <task>%n",
                        done.runId(),
                        done.dagId(),
                        failed.isEmpty() ? "(none: the run timed out or was marked failed)" : String.join(", ", failed),
                        done.dagId(),
                        done.runId());
        return RUN_FAILED;
    }

    private void printTimes(DagRun run) {
        out().printf(
                        "  started %s, ended %s, took %s%n",
                        nullToDash(run.startDate()), nullToDash(run.endDate()), seconds(run.durationSeconds()));
    }

    private void printTasks(List<TaskInstance> tasks, boolean indent) {
        String prefix = indent ? "  " : "";
        for (TaskInstance task : tasks) {
            out().printf(
                            "%s%-60s %-16s try %d  %s%n",
                            prefix,
                            task.taskId(),
                            nullToDash(task.state()),
                            task.tryNumber(),
                            seconds(task.durationSeconds()));
        }
    }

    private JsonNode parseConf(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new AirflowException("expected a JSON object, like '{\"key\": \"value\"}', got: " + text);
            }
            return node;
        } catch (IOException e) {
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException parsing
                    ? parsing.getOriginalMessage()
                    : e.getMessage();
            throw new AirflowException("not valid JSON (" + reason + "): " + text);
        }
    }

    private AirflowClient client() {
        return new AirflowClient(options.connection());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private static String nullToDash(String value) {
        return value == null ? "-" : value;
    }

    private static String seconds(Double value) {
        return value == null ? "-" : String.format("%.1f s", value);
    }
}
