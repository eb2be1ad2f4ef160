package dev.descheduler.cli;

import dev.descheduler.cli.airflow.AirflowCommand;
import dev.descheduler.cli.airflow.AirflowException;
import dev.descheduler.cli.bench.KafkaCeilingCommand;
import dev.descheduler.cli.dbt.DbtMetricsCommand;
import dev.descheduler.cli.deadletter.DeadLettersCommand;
import dev.descheduler.cli.inject.InjectCommand;
import dev.descheduler.cli.layers.LayersReconcileCommand;
import dev.descheduler.cli.reconcile.ReconcileCommand;
import dev.descheduler.cli.trace.TraceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "pipeline-cli",
        mixinStandardHelpOptions = true,
        description =
                "Operate the DE Scheduler pipeline: inject events into the collector, reconcile what reached Kafka,"
                        + " trace an event through the layers.",
        subcommands = {
            InjectCommand.class,
            ReconcileCommand.class,
            KafkaCeilingCommand.class,
            TraceCommand.class,
            LayersReconcileCommand.class,
            DeadLettersCommand.class,
            AirflowCommand.class,
            DbtMetricsCommand.class
        })
public final class PipelineCli {

    /** A command line picocli cannot parse; not 2, which {@code airflow trigger --wait} uses for a timeout. */
    static final int USAGE = 64;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new PipelineCli())
                .setParameterExceptionHandler((e, args) -> {
                    CommandLine failing = e.getCommandLine();
                    failing.getErr().println("error: " + e.getMessage());
                    failing.getErr()
                            .println("see: pipeline-cli "
                                    + failing.getCommandSpec()
                                            .qualifiedName(" ")
                                            .replaceFirst("^pipeline-cli ?", "") + " --help");
                    return USAGE;
                })
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    // a refusal the user can act on: its message says what to do, a stack trace would bury it
                    if (e instanceof AirflowException) {
                        commandLine.getErr().println("error: " + e.getMessage());
                        return AirflowCommand.REFUSED;
                    }
                    throw e;
                });
    }
}
