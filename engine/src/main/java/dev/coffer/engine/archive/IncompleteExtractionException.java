package dev.coffer.engine.archive;

import dev.coffer.engine.internal.archive.EntryPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The archive authenticated to its end, but not everything could be put in place (a directory made
 * read-only meanwhile, a full disk): what was placed stays, as tar leaves what it extracted, since
 * every byte of it is authentic and complete, and the files it replaced are gone already. This
 * names what failed; its cause is the first failure, so that a permission failure can still be told
 * from others.
 */
public final class IncompleteExtractionException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * An entry not put in place (or a directory whose mode and time could not be set).
   *
   * @param path the entry's path in the archive
   * @param reason what failed, naming the entry
   */
  public record Failure(String path, IOException reason) {
    public Failure {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(reason, "reason");
    }
  }

  private final transient Path directory;
  private final transient ArchiveSummary summary;
  private final transient List<Failure> failures;
  private final transient List<LeftBehindFile> leftBehind;

  /**
   * @param failures at least one
   */
  public IncompleteExtractionException(
      Path directory,
      ArchiveSummary summary,
      List<Failure> failures,
      List<LeftBehindFile> leftBehind) {
    super(message(directory, summary, failures), failures.get(0).reason());
    this.directory = directory;
    this.summary = summary;
    this.failures = List.copyOf(failures);
    this.leftBehind = List.copyOf(leftBehind);
  }

  private static String message(Path directory, ArchiveSummary summary, List<Failure> failures) {
    return "extracted into "
        + EntryPaths.printable(directory.toString())
        + " only in part, though the archive is intact: "
        + failures.size()
        + " of "
        + summary.entries()
        + (summary.entries() == 1 ? " entry" : " entries")
        + " failed, the first: "
        + failures.get(0).reason().getMessage();
  }

  /** The directory extracted into. */
  public Path directory() {
    return directory;
  }

  /** What the archive's authenticated end record counts. */
  public ArchiveSummary summary() {
    return summary;
  }

  /** Every entry that failed, in archive order: all the others are in place. */
  public List<Failure> failures() {
    return failures;
  }

  /** Hidden files that could not be removed (also told to the listener). */
  public List<LeftBehindFile> leftBehind() {
    return leftBehind;
  }
}
