package dev.descheduler.compose;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The repository under test: its compose file, its .env.example and the Compose Specification's schema. */
final class Project {

    static final Path ROOT =
            Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yaml");
    static final Path ENV_EXAMPLE = ROOT.resolve(".env.example");

    private Project() {}

    /** What a user who copied .env.example to .env gets: the file's variables and nothing from this machine. */
    static Map<String, String> envExample() {
        return EnvFile.read(ENV_EXAMPLE);
    }

    static ComposeFile compose() {
        return ComposeFile.read(COMPOSE_FILE, envExample());
    }

    static String composeText() {
        try {
            return Files.readString(COMPOSE_FILE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ComposeChecks checks() {
        return new ComposeChecks(ROOT, composeText(), envExample());
    }

    static ComposeChecks checks(String composeText) {
        return new ComposeChecks(ROOT, composeText, envExample());
    }
}
