package dev.descheduler.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A compose file loaded the way {@code docker compose config} sees it: YAML anchors and merge keys ({@code <<})
 * resolved, then every string value interpolated from the given variables. Keys are not interpolated (compose does
 * not either).
 */
public final class ComposeFile {

    private final String text;
    private final Map<String, Object> model;

    private ComposeFile(String text, Map<String, Object> model) {
        this.text = text;
        this.model = model;
    }

    public static ComposeFile read(Path file, Map<String, String> variables) {
        try {
            return parse(Files.readString(file), variables);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Fails with a {@link MissingVariableException} when a required variable ({@code ${NAME:?...}}) has no value. */
    public static ComposeFile parse(String text, Map<String, String> variables) {
        Object loaded = yaml().load(text);
        if (!(loaded instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("a compose file is a YAML mapping at the top, got " + loaded);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> model = (Map<String, Object>) interpolate(loaded, new Interpolation(variables));
        return new ComposeFile(text, model);
    }

    /** The file as written, before anything was resolved. */
    public String text() {
        return text;
    }

    /** The resolved configuration: plain maps, lists and scalars, in the file's order. */
    public Map<String, Object> model() {
        return model;
    }

    /** The services by name, each a mapping. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> services() {
        Object services = model.get("services");
        return services instanceof Map<?, ?> map ? (Map<String, Map<String, Object>>) map : Map.of();
    }

    /** The resolved configuration as YAML, anchors expanded, what {@code make compose-config} prints. */
    public String toYaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        options.setDereferenceAliases(true);
        return new Yaml(options).dump(model);
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        // a key written twice is a mistake compose rejects; SnakeYAML would silently keep the last one
        options.setAllowDuplicateKeys(false);
        return new Yaml(options);
    }

    private static Object interpolate(Object node, Interpolation interpolation) {
        if (node instanceof String s) {
            return interpolation.apply(s);
        }
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((key, value) -> out.put(key, interpolate(value, interpolation)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(interpolate(item, interpolation)));
            return out;
        }
        return node;
    }
}
