package dev.descheduler.compose;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code make compose-config}: prints docker-compose.yaml as Docker Compose would resolve it, without Docker. The
 * variables come from {@code .env} when the project has one, else from {@code .env.example}; the caller's environment
 * wins over either, as it does for compose. A required secret without a value fails as compose fails.
 *
 * <p>Usage: {@code ComposeConfig <project folder>}
 */
public final class ComposeConfig {

    private ComposeConfig() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ComposeConfig <project folder holding docker-compose.yaml>");
            System.exit(2);
        }
        Path project = Path.of(args[0]).toAbsolutePath().normalize();
        try {
            System.out.print(resolve(project, System.getenv()).toYaml());
        } catch (MissingVariableException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The project's compose file resolved with its .env (or .env.example) under {@code environment}. */
    static ComposeFile resolve(Path project, Map<String, String> environment) {
        Path compose = project.resolve("docker-compose.yaml");
        if (!Files.isRegularFile(compose)) {
            throw new IllegalArgumentException(compose + " does not exist");
        }
        Path envFile = project.resolve(".env");
        if (!Files.isRegularFile(envFile)) {
            envFile = project.resolve(".env.example");
        }
        System.err.println("# variables from " + envFile.getFileName() + " (the environment wins over it)");
        Map<String, String> variables = new HashMap<>(EnvFile.read(envFile));
        variables.putAll(environment);
        return ComposeFile.read(compose, variables);
    }
}
