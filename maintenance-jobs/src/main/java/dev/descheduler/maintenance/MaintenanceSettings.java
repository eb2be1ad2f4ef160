package dev.descheduler.maintenance;

import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.Layer;
import dev.descheduler.maintenance.task.MaintenanceTasks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one maintenance run does: a preset, or one table and the tasks to run on it; whether it only reports (dry
 * run); and what it changes in the tables' default policies. Every argument is checked before Spark starts.
 *
 * @param preset the preset, when the run names one
 * @param table {@code namespace.table} with {@link #tasks}, when the run names a table instead
 * @param tableLayer the layer whose namespace {@link #table} is in
 * @param opsNamespace where {@code maintenance_runs} lives ({@code OPS_NAMESPACE})
 * @param checkpointLocations streaming checkpoints, which orphan deletion must never reach
 * @param allowShortOrphanMinAge {@value #ALLOW_SHORT_ORPHAN_AGE_FLAG}: the operator accepts an orphan minimum age under
 *     one day
 * @param rewriteOptions Iceberg rewrite options passed to {@code rewrite_data_files} ({@code --rewrite-option=k=v})
 */
public record MaintenanceSettings(
        LakehouseSettings lakehouse,
        Optional<Preset> preset,
        Optional<String> table,
        Optional<Layer> tableLayer,
        List<String> tasks,
        RunMode mode,
        PolicyOverrides overrides,
        boolean allowShortOrphanMinAge,
        Map<String, String> rewriteOptions,
        String opsNamespace,
        List<String> checkpointLocations) {

    public static final String ALLOW_SHORT_ORPHAN_AGE_FLAG = "--allow-orphan-min-age-under-1d";
    static final String USAGE = "usage: maintenance-jobs (--preset=NAME | --table=NAMESPACE.TABLE --tasks=T1,T2)"
            + " [--dry-run] [--strategy=binpack|sort|zorder] [--columns=C1,C2] [--snapshot-retention=7d]"
            + " [--min-snapshots=N] [--orphan-min-age=3d] [" + ALLOW_SHORT_ORPHAN_AGE_FLAG + "]"
            + " [--rewrite-option=KEY=VALUE]...";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public MaintenanceSettings {
        tasks = List.copyOf(tasks);
        rewriteOptions = Map.copyOf(rewriteOptions);
        checkpointLocations = List.copyOf(checkpointLocations);
    }

    public static MaintenanceSettings from(Environment env, List<String> args) {
        LakehouseSettings lakehouse = LakehouseSettings.from(env);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> rewriteOptions = new LinkedHashMap<>();
        RunMode mode = RunMode.APPLY;
        boolean allowShortOrphanAge = false;
        for (String arg : args) {
            if (arg.equals("--dry-run")) {
                mode = RunMode.DRY_RUN;
            } else if (arg.equals(ALLOW_SHORT_ORPHAN_AGE_FLAG)) {
                allowShortOrphanAge = true;
            } else if (arg.startsWith("--rewrite-option=")) {
                String option = arg.substring("--rewrite-option=".length());
                int eq = option.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--rewrite-option must be KEY=VALUE, was '" + option + "'");
                }
                rewriteOptions.put(option.substring(0, eq), option.substring(eq + 1));
            } else if (arg.startsWith("--") && arg.contains("=")) {
                String key = arg.substring(0, arg.indexOf('='));
                if (!List.of(
                                "--preset",
                                "--table",
                                "--tasks",
                                "--strategy",
                                "--columns",
                                "--snapshot-retention",
                                "--min-snapshots",
                                "--orphan-min-age")
                        .contains(key)) {
                    throw new IllegalArgumentException("unknown argument '" + arg + "'; " + USAGE);
                }
                String value = arg.substring(arg.indexOf('=') + 1).trim();
                if (value.isEmpty()) {
                    throw new IllegalArgumentException(key + " needs a value; " + USAGE);
                }
                values.put(key, value);
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; " + USAGE);
            }
        }

        Optional<Preset> preset = Optional.ofNullable(values.get("--preset")).map(Preset::parse);
        Optional<String> table = Optional.ofNullable(values.get("--table"));
        List<String> tasks = Optional.ofNullable(values.get("--tasks"))
                .map(MaintenanceSettings::list)
                .orElse(List.of());
        if (preset.isPresent() == table.isPresent()) {
            throw new IllegalArgumentException("name either a preset or a table with its tasks; " + USAGE);
        }
        if (preset.isPresent() && !tasks.isEmpty()) {
            throw new IllegalArgumentException("--tasks goes with --table; preset "
                    + preset.get().label() + " runs " + preset.get().tasks());
        }
        if (table.isPresent() && tasks.isEmpty()) {
            throw new IllegalArgumentException(
                    "--table needs --tasks, a comma-separated list of " + MaintenanceTasks.names());
        }
        tasks.forEach(MaintenanceTasks::named);
        Optional<Layer> layer = table.map(t -> layerOf(t, lakehouse));

        PolicyOverrides overrides = new PolicyOverrides(
                Optional.ofNullable(values.get("--strategy")).map(v -> RewriteStrategy.parse("--strategy", v)),
                Optional.ofNullable(values.get("--columns")).map(MaintenanceSettings::list),
                Optional.ofNullable(values.get("--snapshot-retention"))
                        .map(v -> Durations.parse("--snapshot-retention", v)),
                Optional.ofNullable(values.get("--min-snapshots")).map(MaintenanceSettings::minSnapshots),
                Optional.ofNullable(values.get("--orphan-min-age")).map(v -> Durations.parse("--orphan-min-age", v)));

        MaintenanceSettings settings = new MaintenanceSettings(
                lakehouse,
                preset,
                table,
                layer,
                tasks,
                mode,
                overrides,
                allowShortOrphanAge,
                rewriteOptions,
                env.identifier("OPS_NAMESPACE", "ops"),
                checkpoints(env, lakehouse));
        settings.checkOverrides();
        return settings;
    }

    /** The tasks this run gives every selected table. */
    public List<String> plannedTasks() {
        return preset.map(Preset::tasks).orElse(tasks);
    }

    /** The preset's name, or {@code table: tasks}: how reports and the run log name what was run. */
    public String selection() {
        return preset.map(Preset::label).orElseGet(() -> table.orElseThrow() + ": " + String.join(",", tasks));
    }

    /** The policy a table gets in this run: its default with the run's overrides. */
    public TablePolicy policyFor(Layer layer, String tableName) {
        return overrides.applyTo(MaintenancePolicy.forTable(layer, tableName));
    }

    /**
     * Fails before Spark starts on overrides that cannot apply: columns for binpack, or an orphan minimum age under
     * a day without the explicit flag.
     */
    private void checkOverrides() {
        if (overrides.isEmpty()) {
            return;
        }
        Layer layer = tableLayer.orElseGet(() -> preset.orElseThrow().layer());
        String name = table.map(t -> t.substring(t.indexOf('.') + 1)).orElse("github_events");
        TablePolicy policy = policyFor(layer, name);
        if (plannedTasks().contains("delete_orphan_files")) {
            policy.requireSafeOrphanMinAge(allowShortOrphanMinAge);
        }
    }

    private static Layer layerOf(String table, LakehouseSettings lakehouse) {
        String[] parts = table.split("\\.", -1);
        if (parts.length != 2
                || !IDENTIFIER.matcher(parts[0]).matches()
                || !IDENTIFIER.matcher(parts[1]).matches()) {
            throw new IllegalArgumentException("--table must be NAMESPACE.TABLE (for example "
                    + lakehouse.namespace(Layer.BRONZE) + ".github_events), was '" + table + "'");
        }
        return Arrays.stream(Layer.values())
                .filter(l -> lakehouse.namespace(l).equals(parts[0]))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--table must be in one of the layers' namespaces "
                        + Arrays.stream(Layer.values())
                                .map(lakehouse::namespace)
                                .toList() + ", was '" + table
                        + "'"));
    }

    private static int minSnapshots(String value) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the argument's name
        }
        throw new IllegalArgumentException(
                "--min-snapshots must be an integer of at least 1 (the current snapshot), was '" + value + "'");
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static List<String> checkpoints(Environment env, LakehouseSettings lakehouse) {
        List<String> locations = new ArrayList<>();
        locations.add(lakehouse.checkpointRoot());
        String bronze = env.string("BRONZE_CHECKPOINT_LOCATION", lakehouse.checkpointRoot() + "/bronze");
        if (!locations.contains(bronze)) {
            locations.add(bronze);
        }
        return locations;
    }
}
