package dev.coffer.cli;

import dev.coffer.engine.archive.ArchiveEntry;
import java.io.InputStream;

/**
 * A test seam in {@code archive create}: sees each file's data as the archive reads it, so that a
 * test can change the file part-way through its read without racing a thread. Production uses
 * {@link #NONE}.
 */
@FunctionalInterface
interface ArchiveReadSeam {
  ArchiveReadSeam NONE = (entry, data) -> data;

  /** The stream the archive reads {@code entry}'s data from: {@code data}, or one wrapping it. */
  InputStream reading(ArchiveEntry entry, InputStream data);
}
