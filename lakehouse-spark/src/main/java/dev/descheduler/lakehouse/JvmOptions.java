package dev.descheduler.lakehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The Java 17 flags Spark needs ({@code --add-opens} and friends). Their single source is the parent pom's
 * {@code spark.jvm.options} property: test JVMs get it through the build, and this class reads the copy the build
 * filters into {@code jvm-options.txt}. Launch scripts run {@code java -cp lakehouse-spark.jar
 * dev.descheduler.lakehouse.JvmOptions} and put the printed line before {@code -cp}.
 */
public final class JvmOptions {

    private static final String RESOURCE = "jvm-options.txt";

    private JvmOptions() {}

    public static List<String> list() {
        try (InputStream in = JvmOptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the lakehouse-spark jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return Arrays.stream(text.split("\\s+")).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public static void main(String[] args) {
        System.out.println(String.join(" ", list()));
    }
}
