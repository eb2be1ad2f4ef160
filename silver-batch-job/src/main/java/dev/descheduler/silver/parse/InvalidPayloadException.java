package dev.descheduler.silver.parse;

/** A payload that is not the JSON Silver can read; the message is the rejection reason. */
final class InvalidPayloadException extends Exception {

    InvalidPayloadException(String reason) {
        super(reason, null, false, false);
    }
}
