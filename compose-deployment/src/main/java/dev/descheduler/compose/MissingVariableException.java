package dev.descheduler.compose;

/** A {@code ${NAME:?message}} whose variable is unset or empty: compose stops with this message before starting. */
public final class MissingVariableException extends IllegalArgumentException {

    private final String variable;

    MissingVariableException(String variable, String message) {
        super("required variable " + variable + " is missing a value: " + message);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
