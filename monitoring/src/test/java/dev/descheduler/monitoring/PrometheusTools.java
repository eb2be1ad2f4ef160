package dev.descheduler.monitoring;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Debian's Prometheus binaries (packages {@code prometheus} and {@code prometheus-pushgateway}), found on the PATH. As
 * monitoring/tests/run.sh does: without them a test is skipped with the command that installs them, except when the
 * environment variable {@code CI} is set (.ci/run installs them), where a missing binary fails the test.
 */
final class PrometheusTools {

    static final String INSTALL = "sudo apt-get install prometheus prometheus-pushgateway";

    private PrometheusTools() {}

    /** The paths of {@code names}, in order; skips or fails the calling test when one is missing. */
    static List<Path> require(String... names) {
        List<Path> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            onPath(name).ifPresentOrElse(found::add, () -> missing.add(name));
        }
        if (!missing.isEmpty()) {
            String reason = missing + " not installed (" + INSTALL + ")";
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
                fail(reason + "; CI is set, so the monitoring tests fail instead of skipping");
            }
            assumeTrue(false, reason + "; skipped");
        }
        return found;
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
