package dev.descheduler.silver.parse;

/** What one Bronze row becomes: a Silver row, or a rejection that says why not. */
public sealed interface ParseResult permits SilverEvent, Rejection {}
