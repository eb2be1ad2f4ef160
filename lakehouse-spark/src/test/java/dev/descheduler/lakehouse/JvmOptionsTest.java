package dev.descheduler.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class JvmOptionsTest {

    @Test
    void listsTheFlagsSparkNeedsOnJava17FromTheBuild() {
        assertThat(JvmOptions.list())
                .contains(
                        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                        "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                        "-Djdk.reflect.useDirectMethodHandle=false")
                .noneMatch(option -> option.contains("${"));
    }

    @Test
    void areTheFlagsThisTestJvmRunsWith() {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).containsAll(JvmOptions.list());
    }
}
