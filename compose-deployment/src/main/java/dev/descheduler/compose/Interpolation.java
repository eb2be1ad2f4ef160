package dev.descheduler.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Docker Compose's variable interpolation of one string value: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}
 * (unset or empty), {@code ${VAR-default}} (unset), {@code ${VAR:?message}} / {@code ${VAR?message}} (an error when
 * unset or empty / unset), {@code ${VAR:+replacement}} / {@code ${VAR+replacement}}, defaults that hold further
 * references, and {@code $$} for a literal dollar sign that reaches the container.
 */
public final class Interpolation {

    private final Map<String, String> variables;

    public Interpolation(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** The value with every reference replaced; fails with compose's own message for a missing required variable. */
    public String apply(String value) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
            } else if (i + 1 < value.length() && value.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (i + 1 < value.length() && value.charAt(i + 1) == '{') {
                int end = closingBrace(value, i + 2);
                out.append(expand(value.substring(i + 2, end)));
                i = end + 1;
            } else {
                int end = nameEnd(value, i + 1);
                if (end == i + 1) {
                    // a lone '$' before something that is not a name: compose keeps it as it is
                    out.append(c);
                    i++;
                } else {
                    out.append(variables.getOrDefault(value.substring(i + 1, end), ""));
                    i = end;
                }
            }
        }
        return out.toString();
    }

    /** Every variable {@code value} refers to, in order, with how it refers to it (defaults included). */
    public static List<Reference> references(String value) {
        List<Reference> found = new ArrayList<>();
        collect(value, found);
        return found;
    }

    /** One use of a variable: {@code operator} is "" for a plain reference, else one of :- - :? ? :+ +. */
    public record Reference(String name, String operator, String argument) {
        public Reference {
            Objects.requireNonNull(name, "name");
        }

        /** True for {@code ${NAME:?message}}: compose refuses to start while it is unset or empty. */
        public boolean isRequired() {
            return ":?".equals(operator);
        }
    }

    private String expand(String expression) {
        Reference reference = parse(expression);
        String current = variables.get(reference.name());
        boolean set = current != null;
        boolean nonEmpty = set && !current.isEmpty();
        return switch (reference.operator()) {
            case "" -> set ? current : "";
            case ":-" -> nonEmpty ? current : apply(reference.argument());
            case "-" -> set ? current : apply(reference.argument());
            case ":+" -> nonEmpty ? apply(reference.argument()) : "";
            case "+" -> set ? apply(reference.argument()) : "";
            case ":?", "?" -> {
                if ((":?".equals(reference.operator()) && !nonEmpty) || !set) {
                    throw new MissingVariableException(reference.name(), apply(reference.argument()));
                }
                yield current;
            }
            default -> throw new IllegalStateException("unknown operator " + reference.operator());
        };
    }

    private static void collect(String value, List<Reference> found) {
        int i = 0;
        while (i < value.length()) {
            if (value.charAt(i) != '$' || i + 1 >= value.length()) {
                i++;
            } else if (value.charAt(i + 1) == '$') {
                i += 2;
            } else if (value.charAt(i + 1) == '{') {
                int end = closingBrace(value, i + 2);
                Reference reference = parse(value.substring(i + 2, end));
                found.add(reference);
                collect(reference.argument(), found);
                i = end + 1;
            } else {
                int end = nameEnd(value, i + 1);
                if (end > i + 1) {
                    found.add(new Reference(value.substring(i + 1, end), "", ""));
                }
                i = Math.max(end, i + 1);
            }
        }
    }

    private static Reference parse(String expression) {
        int end = nameEnd(expression, 0);
        String name = expression.substring(0, end);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("invalid interpolation format: ${" + expression + "}");
        }
        String rest = expression.substring(end);
        for (String operator : new String[] {":-", ":?", ":+", "-", "?", "+"}) {
            if (rest.startsWith(operator)) {
                return new Reference(name, operator, rest.substring(operator.length()));
            }
        }
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("invalid interpolation format: ${" + expression + "}");
        }
        return new Reference(name, "", "");
    }

    private static int nameEnd(String value, int from) {
        int i = from;
        while (i < value.length()
                && (Character.isLetterOrDigit(value.charAt(i)) || value.charAt(i) == '_')
                && !(i == from && Character.isDigit(value.charAt(i)))) {
            i++;
        }
        return i;
    }

    /** The index of the brace that closes the one opened before {@code from}, skipping nested references. */
    private static int closingBrace(String value, int from) {
        int depth = 1;
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("invalid interpolation format: unclosed ${ in '" + value + "'");
    }
}
