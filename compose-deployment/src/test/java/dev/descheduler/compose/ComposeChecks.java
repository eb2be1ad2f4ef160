package dev.descheduler.compose;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the Compose Specification's schema cannot see, checked against the repository: each check answers the
 * problems it found, as sentences naming the service, so a test shows all of them at once.
 */
final class ComposeChecks {

    /** A variable holding a credential: compose must refuse to start without it ({@code ${NAME:?...}}). */
    static final Pattern SECRET = Pattern.compile(".*(PASSWORD|SECRET|SECRET_KEY|TOKEN|API_KEYS)$");

    /**
     * Credentials whose empty value is a documented mode of the collector, the same as in the embedded stack: no API
     * keys means no authentication (the port is published on loopback only), no webhook secret means every GitHub
     * delivery is refused (docs/webhooks.md).
     */
    static final Set<String> OPTIONAL_SECRETS = Set.of("COLLECTOR_API_KEYS", "GITHUB_WEBHOOK_SECRET");

    private static final Pattern PINNED_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private final Path root;
    private final String text;
    private final Map<String, String> envExample;
    private final ComposeFile compose;

    ComposeChecks(Path root, String composeText, Map<String, String> envExample) {
        this.root = root;
        this.text = composeText;
        this.envExample = envExample;
        this.compose = ComposeFile.parse(composeText, envExample);
    }

    Map<String, Map<String, Object>> services() {
        return compose.services();
    }

    /** Every build context is a folder of the repository and holds the Dockerfile the service names. */
    List<String> missingBuildFiles() {
        List<String> problems = new ArrayList<>();
        services().forEach((name, service) -> {
            Object build = service.get("build");
            if (build == null) {
                return;
            }
            String context = build instanceof Map<?, ?> map ? String.valueOf(map.get("context")) : build.toString();
            String dockerfile = build instanceof Map<?, ?> map && map.get("dockerfile") != null
                    ? map.get("dockerfile").toString()
                    : "Dockerfile";
            Path dir = root.resolve(context).normalize();
            if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
                problems.add(name + ": build context " + context + " is not a folder of the repository");
            } else if (!Files.isRegularFile(dir.resolve(dockerfile))) {
                problems.add(name + ": " + dir.relativize(dir.resolve(dockerfile)) + " does not exist in " + context);
            }
        });
        return problems;
    }

    /** The Dockerfiles the services build, as repository paths. */
    Set<Path> dockerfiles() {
        Set<Path> files = new LinkedHashSet<>();
        services().values().forEach(service -> {
            if (service.get("build") instanceof Map<?, ?> build) {
                Path context =
                        root.resolve(String.valueOf(build.get("context"))).normalize();
                Object dockerfile = build.get("dockerfile");
                files.add(context.resolve(dockerfile == null ? "Dockerfile" : dockerfile.toString())
                        .normalize());
            }
        });
        return files;
    }

    /** Every bind-mounted host path exists in the repository (a typo would make Docker create an empty folder). */
    List<String> missingBindMountSources() {
        List<String> problems = new ArrayList<>();
        bindMounts()
                .forEach((service, mounts) -> mounts.forEach((source, target) -> {
                    Path path = root.resolve(source).normalize();
                    if (!path.startsWith(root)) {
                        problems.add(service + ": bind mount " + source + " points outside the repository");
                    } else if (!Files.exists(path)) {
                        problems.add(service + ": bind mount " + source + " -> " + target
                                + " does not exist in the repository");
                    }
                }));
        return problems;
    }

    /** Bind mounts by service: host path (relative to the repository) to the path in the container. */
    Map<String, Map<String, String>> bindMounts() {
        Map<String, Map<String, String>> mounts = new LinkedHashMap<>();
        services().forEach((name, service) -> {
            Map<String, String> own = new LinkedHashMap<>();
            for (Object volume : list(service.get("volumes"))) {
                if (volume instanceof String s) {
                    String[] parts = s.split(":");
                    if (parts.length >= 2 && (parts[0].startsWith(".") || parts[0].startsWith("/"))) {
                        own.put(parts[0], parts[1]);
                    }
                } else if (volume instanceof Map<?, ?> map && "bind".equals(map.get("type"))) {
                    own.put(String.valueOf(map.get("source")), String.valueOf(map.get("target")));
                }
            }
            mounts.put(name, own);
        });
        return mounts;
    }

    /** Every depends_on names a service of the file, and a health condition names a service with a healthcheck. */
    List<String> badDependencies() {
        List<String> problems = new ArrayList<>();
        services().forEach((name, service) -> dependencies(service).forEach((target, condition) -> {
            Map<String, Object> other = services().get(target);
            if (other == null) {
                problems.add(name + ": depends_on " + target + ", which is not a service of this file");
            } else if ("service_healthy".equals(condition) && !hasHealthcheck(other)) {
                problems.add(name + ": waits for " + target + " to be healthy, but " + target + " has no healthcheck");
            } else if (!"service_healthy".equals(condition) && !"service_completed_successfully".equals(condition)) {
                // started is not ready: a service that only waits for the start races the other's initialisation
                problems.add(name + ": depends_on " + target + " with " + condition
                        + " (wait for service_healthy, or service_completed_successfully for a one-shot job)");
            }
        }));
        return problems;
    }

    /**
     * Every named volume a service mounts is declared at the top level, and every service that keeps data (the
     * brokers, stores, databases, the collector's journal, the metrics) keeps it in a named volume.
     */
    List<String> volumeProblems(Set<String> servicesWithData) {
        List<String> problems = new ArrayList<>();
        Set<String> declared = compose.model().get("volumes") instanceof Map<?, ?> volumes
                ? volumes.keySet().stream().map(Object::toString).collect(java.util.stream.Collectors.toSet())
                : Set.of();
        services().forEach((name, service) -> {
            boolean named = false;
            for (Object volume : list(service.get("volumes"))) {
                String source = volume instanceof Map<?, ?> map
                        ? ("volume".equals(map.get("type")) ? String.valueOf(map.get("source")) : null)
                        : volume.toString().split(":")[0];
                if (source == null || source.startsWith(".") || source.startsWith("/")) {
                    continue;
                }
                named = true;
                if (!declared.contains(source)) {
                    problems.add(name + ": mounts volume " + source + ", which the file does not declare");
                }
            }
            if (servicesWithData.contains(name) && !named) {
                problems.add(name + " keeps data but mounts no named volume: a new container would start empty");
            }
        });
        return problems;
    }

    /** Every variable the file uses (defaults and all) is listed in .env.example, where users find it. */
    List<String> variablesMissingFromEnvExample() {
        Set<String> missing = new TreeSet<>();
        for (Interpolation.Reference reference : Interpolation.references(text)) {
            if (!envExample.containsKey(reference.name())) {
                missing.add(reference.name());
            }
        }
        return missing.stream()
                .map(name -> "${" + name + "} is used by docker-compose.yaml but not listed in .env.example")
                .toList();
    }

    /** Every image names a version (a tag or a digest), never latest; a service without an image builds one. */
    List<String> unpinnedImages() {
        List<String> problems = new ArrayList<>();
        services().forEach((name, service) -> {
            Object image = service.get("image");
            if (image == null) {
                if (service.get("build") == null) {
                    problems.add(name + ": neither an image nor a build");
                }
                return;
            }
            String problem = pinningProblem(image.toString());
            if (problem != null) {
                problems.add(name + ": " + problem);
            }
        });
        return problems;
    }

    /** Why {@code image} is not pinned, or null when it names a version (a tag other than latest, or a digest). */
    static String pinningProblem(String image) {
        if (image.contains("@sha256:")) {
            return null;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) {
            return "image " + image + " has no tag: it floats with latest";
        }
        String tag = image.substring(colon + 1);
        if ("latest".equalsIgnoreCase(tag)) {
            return "image " + image + " uses latest";
        }
        if (!PINNED_TAG.matcher(tag).matches()) {
            return "image " + image + " has no valid tag";
        }
        return null;
    }

    /** Host ports by service, resolved from .env.example. */
    Map<String, List<Integer>> hostPorts() {
        Map<String, List<Integer>> ports = new LinkedHashMap<>();
        services().forEach((name, service) -> {
            List<Integer> own = new ArrayList<>();
            for (Object port : list(service.get("ports"))) {
                if (port instanceof Map<?, ?> map && map.get("published") != null) {
                    own.add(Integer.parseInt(map.get("published").toString()));
                } else if (port instanceof String s) {
                    String[] parts = s.split(":");
                    if (parts.length >= 2) {
                        own.add(Integer.parseInt(parts[parts.length - 2]));
                    }
                }
            }
            ports.put(name, own);
        });
        return ports;
    }

    /** No two services publish the same host port (the second would fail to start). */
    List<String> duplicateHostPorts() {
        Map<Integer, String> owner = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        hostPorts()
                .forEach((name, ports) -> ports.forEach(port -> {
                    String first = owner.putIfAbsent(port, name);
                    if (first != null) {
                        problems.add("host port " + port + " is published by both " + first + " and " + name);
                    }
                }));
        return problems;
    }

    /**
     * Services that run once and exit: what another service waits for with service_completed_successfully, and the
     * jobs of the {@code jobs} profile (run by hand with {@code docker compose run}).
     */
    Set<String> oneShotServices() {
        Set<String> oneShot = new TreeSet<>();
        services().forEach((name, service) -> {
            dependencies(service).forEach((target, condition) -> {
                if ("service_completed_successfully".equals(condition)) {
                    oneShot.add(target);
                }
            });
            if (list(service.get("profiles")).contains("jobs")) {
                oneShot.add(name);
            }
        });
        return oneShot;
    }

    /** Every long-running service says how to tell it is healthy, so depends_on can wait for it. */
    List<String> servicesWithoutHealthcheck() {
        Set<String> oneShot = oneShotServices();
        return services().entrySet().stream()
                .filter(e -> !oneShot.contains(e.getKey()) && !hasHealthcheck(e.getValue()))
                .map(e -> e.getKey() + " runs for good but has no healthcheck")
                .toList();
    }

    /**
     * Every credential the file uses is required ({@code ${NAME:?message}} at every use): a missing secret stops
     * compose instead of starting a service with an empty or default password.
     */
    List<String> unguardedSecrets() {
        Set<String> problems = new TreeSet<>();
        for (Interpolation.Reference reference : Interpolation.references(text)) {
            if (SECRET.matcher(reference.name()).matches()
                    && !OPTIONAL_SECRETS.contains(reference.name())
                    && !reference.isRequired()) {
                problems.add("secret ${" + reference.name() + "} is used without :? (it would default to "
                        + (reference.operator().isEmpty() ? "empty" : "'" + reference.argument() + "'")
                        + "): write ${" + reference.name() + ":?set " + reference.name() + " in .env}");
            }
        }
        return List.copyOf(problems);
    }

    /** The secrets the file requires: what a user must set in .env. */
    Set<String> requiredSecrets() {
        Set<String> names = new TreeSet<>();
        for (Interpolation.Reference reference : Interpolation.references(text)) {
            if (reference.isRequired()) {
                names.add(reference.name());
            }
        }
        return names;
    }

    static Map<String, String> dependencies(Map<String, Object> service) {
        Map<String, String> dependencies = new LinkedHashMap<>();
        Object dependsOn = service.get("depends_on");
        if (dependsOn instanceof List<?> names) {
            names.forEach(target -> dependencies.put(target.toString(), "service_started"));
        } else if (dependsOn instanceof Map<?, ?> map) {
            map.forEach((target, spec) -> dependencies.put(
                    target.toString(),
                    spec instanceof Map<?, ?> s && s.get("condition") != null
                            ? s.get("condition").toString()
                            : "service_started"));
        }
        return dependencies;
    }

    static boolean hasHealthcheck(Map<String, Object> service) {
        return service.get("healthcheck") instanceof Map<?, ?> healthcheck
                && healthcheck.get("test") != null
                && !Boolean.TRUE.equals(healthcheck.get("disable"));
    }

    static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }
}
