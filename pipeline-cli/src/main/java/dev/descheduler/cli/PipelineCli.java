package dev.descheduler.cli;

import dev.descheduler.cli.bench.KafkaCeilingCommand;
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
            DeadLettersCommand.class
        })
public final class PipelineCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new PipelineCli()).execute(args));
    }
}
