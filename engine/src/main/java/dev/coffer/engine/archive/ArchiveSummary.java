package dev.coffer.engine.archive;

/** What an archive holds, as its authenticated end record counts it. */
public record ArchiveSummary(long entries, long bytes) {}
