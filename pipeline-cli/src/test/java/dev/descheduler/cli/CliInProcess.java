package dev.descheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The CLI run inside the test's JVM, as {@code pipeline-cli ...} would run, for the integration tests. */
final class CliInProcess {

    private CliInProcess() {}

    /** Runs {@code args}, echoes and returns what the command printed; fails the test on a non-zero exit. */
    static String cli(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            exit = new CommandLine(new PipelineCli()).execute(args);
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        original.print(printed);
        assertThat(exit)
                .as("pipeline-cli %s exited %d:%n%s", args[0], exit, printed)
                .isZero();
        return printed;
    }
}
