package dev.descheduler.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile's build steps checked against the repository without building: pinned base images, the jar paths it
 * names are the ones Maven produces, the main class it starts exists, and the image does not run as root.
 */
final class DockerfileChecks {

    /** {@code <module>/target/<file>.jar} anywhere in the Dockerfile: a path Maven's build of that module writes. */
    private static final Pattern MODULE_JAR = Pattern.compile("([a-z0-9][a-z0-9-]*)/target/([A-Za-z0-9._-]+\\.jar)");

    private static final Pattern MAIN_CLASS = Pattern.compile("\\bdev\\.descheduler(?:\\.[a-z][a-z0-9]*)+\\.[A-Z]\\w*");
    private static final Pattern FINAL_NAME = Pattern.compile("<finalName>([^<$]+)</finalName>");
    private static final Set<String> ROOT_USERS = Set.of("root", "0", "0:0", "root:root");

    private final Path root;
    private final Path file;
    private final Dockerfile dockerfile;
    private final String text;

    DockerfileChecks(Path root, Path file, String text) {
        this.root = root;
        this.file = file;
        this.text = text;
        this.dockerfile = Dockerfile.parse(text);
    }

    static DockerfileChecks of(Path root, Path file) {
        try {
            return new DockerfileChecks(root, file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    String name() {
        return root.relativize(file).toString();
    }

    /** Every base image (and every image COPY --from names) carries a tag or digest, never latest. */
    List<String> unpinnedBaseImages() {
        List<String> problems = new ArrayList<>();
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            checkImage(stage.base(), "FROM", problems);
            for (Dockerfile.Instruction copy : stage.all("COPY")) {
                Matcher from = Pattern.compile("--from=(\\S+)").matcher(copy.arguments());
                if (from.find()) {
                    checkImage(from.group(1), "COPY --from (line " + copy.line() + ")", problems);
                }
            }
        }
        return problems;
    }

    private void checkImage(String image, String where, List<String> problems) {
        if (dockerfile.isStageName(image)) {
            return;
        }
        if (image.contains("$")) {
            problems.add(name() + ": " + where + " " + image + " is chosen by a build argument: pin it in the file");
            return;
        }
        String problem = ComposeChecks.pinningProblem(image);
        if (problem != null) {
            problems.add(name() + ": " + where + " " + problem);
        }
    }

    /** Every {@code <module>/target/<x>.jar} the Dockerfile names is the jar that module's build writes. */
    List<String> jarPathsMavenDoesNotProduce() {
        List<String> problems = new ArrayList<>();
        Matcher m = MODULE_JAR.matcher(text);
        while (m.find()) {
            String module = m.group(1);
            String jar = m.group(2);
            Optional<String> produced = producedJar(module);
            if (produced.isEmpty()) {
                problems.add(name() + ": names " + m.group() + ", but " + module
                        + " is not a Maven module of the repository");
            } else if (!produced.get().equals(jar)) {
                problems.add(
                        name() + ": names " + m.group() + ", but Maven builds " + module + "/target/" + produced.get());
            }
        }
        return problems;
    }

    /** The jars the Dockerfile names, as {@code <module>/target/<x>.jar}. */
    List<String> moduleJars() {
        List<String> jars = new ArrayList<>();
        Matcher m = MODULE_JAR.matcher(text);
        while (m.find()) {
            jars.add(m.group());
        }
        return jars;
    }

    /** The file name of the module's jar: its pom's finalName, else artifactId-version, plus .jar. */
    Optional<String> producedJar(String module) {
        Path pom = root.resolve(module).resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            return Optional.empty();
        }
        try {
            String xml = Files.readString(pom);
            Matcher finalName = FINAL_NAME.matcher(xml);
            if (finalName.find()) {
                return Optional.of(finalName.group(1).strip() + ".jar");
            }
            return Optional.of(module + "-0.1.0-SNAPSHOT.jar");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The main classes the image's ENTRYPOINT and CMD start (dev.descheduler.*). */
    List<String> startedMainClasses() {
        List<String> classes = new ArrayList<>();
        for (String keyword : List.of("ENTRYPOINT", "CMD")) {
            for (Dockerfile.Instruction instruction : dockerfile.runtime().all(keyword)) {
                Matcher m = MAIN_CLASS.matcher(instruction.arguments());
                while (m.find()) {
                    classes.add(m.group());
                }
            }
        }
        return classes;
    }

    /** Every main class the entry point starts is a source of the repository with a {@code main} method. */
    List<String> missingMainClasses() {
        List<String> problems = new ArrayList<>();
        for (String mainClass : startedMainClasses()) {
            Optional<Path> source = sourceOf(mainClass);
            if (source.isEmpty()) {
                problems.add(name() + ": starts " + mainClass + ", which no module's src/main/java holds");
            } else if (!read(source.get()).contains("static void main(")) {
                problems.add(name() + ": starts " + mainClass + ", which has no main method");
            }
        }
        return problems;
    }

    /** The module's folder holding {@code mainClass}, if any. */
    Optional<Path> sourceOf(String mainClass) {
        String relative = "src/main/java/" + mainClass.replace('.', '/') + ".java";
        try (var modules = Files.list(root)) {
            return modules.map(module -> module.resolve(relative))
                    .filter(Files::isRegularFile)
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image's last stage runs as a named user that is not root. */
    List<String> runtimeRunsAsRoot() {
        String user = dockerfile.runtime().user();
        if (user == null) {
            return List.of(name() + ": the runtime stage sets no USER (it runs as its base image's user, often root)");
        }
        if (ROOT_USERS.contains(user)) {
            return List.of(name() + ": the runtime stage runs as " + user);
        }
        return List.of();
    }

    Dockerfile dockerfile() {
        return dockerfile;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
