package dev.descheduler.events;

/** An event that cannot be accepted; the message says precisely what is wrong with it. */
public final class InvalidEventException extends Exception {

    private final RejectReason reason;

    public InvalidEventException(RejectReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
