package dev.coffer.engine.archive;

import dev.coffer.engine.internal.archive.EntryPaths;
import dev.coffer.engine.internal.archive.LinkTargets;
import dev.coffer.keystore.InvalidArgumentException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of an archive: a file (whose bytes follow it), a directory or a symbolic link, or an
 * exported object. Paths are relative and '/'-separated, each segment a plain name: no empty, "."
 * or ".." segment, at most 4096 bytes of UTF-8. An exported object's path is its key, which may be
 * any object key (extraction to files refuses those that are not safe paths). A symbolic link's
 * target is relative and, followed from the link's directory, stays inside the archive's root.
 *
 * @param mode permission bits, 0 to 0777
 * @param linkTarget a symbolic link's target, else empty
 * @param object what an exported object carried, for {@link BucketImporter}
 */
public record ArchiveEntry(
    String path,
    EntryType type,
    int mode,
    Instant modified,
    String linkTarget,
    Optional<ArchivedObject> object) {
  public static final int DEFAULT_FILE_MODE = 0644;
  public static final int DEFAULT_DIRECTORY_MODE = 0755;

  /**
   * @throws InvalidArgumentException if the path is not a safe relative path (or, for an object,
   *     not an object key), the mode has bits beyond 0777, or a link has no target
   */
  public ArchiveEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(modified, "modified");
    Objects.requireNonNull(linkTarget, "linkTarget");
    Objects.requireNonNull(object, "object");
    String problem =
        object.isPresent() ? EntryPaths.objectKeyProblem(path) : EntryPaths.problem(path);
    if (problem != null) {
      throw new InvalidArgumentException(
          "archive entry path \"" + EntryPaths.printable(path) + "\" is refused: " + problem);
    }
    if ((mode & ~0777) != 0) {
      throw new InvalidArgumentException("archive entry mode must be 0 to 0777");
    }
    if ((type == EntryType.SYMLINK) == linkTarget.isEmpty() || linkTarget.indexOf(0) >= 0) {
      throw new InvalidArgumentException(
          "a symbolic link needs a target, without NUL; other entries have none");
    }
    if (type == EntryType.SYMLINK) {
      String why = LinkTargets.problem(path, linkTarget);
      if (why != null) {
        throw new InvalidArgumentException(
            "symbolic link \"" + EntryPaths.printable(path) + "\" is refused: " + why);
      }
    }
    if (object.isPresent() && type != EntryType.FILE) {
      throw new InvalidArgumentException("an exported object is a file entry");
    }
  }

  public static ArchiveEntry file(String path, int mode, Instant modified) {
    return new ArchiveEntry(path, EntryType.FILE, mode, modified, "", Optional.empty());
  }

  public static ArchiveEntry directory(String path, int mode, Instant modified) {
    return new ArchiveEntry(path, EntryType.DIRECTORY, mode, modified, "", Optional.empty());
  }

  public static ArchiveEntry symlink(String path, String target, Instant modified) {
    return new ArchiveEntry(path, EntryType.SYMLINK, 0777, modified, target, Optional.empty());
  }

  /** An object of a bucket export: its key is the path. */
  public static ArchiveEntry object(String key, ArchivedObject object) {
    return new ArchiveEntry(
        key, EntryType.FILE, DEFAULT_FILE_MODE, object.lastModified(), "", Optional.of(object));
  }
}
