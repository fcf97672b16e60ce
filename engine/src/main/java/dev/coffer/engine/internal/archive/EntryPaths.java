package dev.coffer.engine.internal.archive;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one rule for entry paths, applied when writing and again when reading, since a reader cannot
 * trust that the writer applied it: relative, '/'-separated, every segment a plain name (not empty,
 * ".", ".." or anything this platform would read as more than one name or as a root).
 */
public final class EntryPaths {
  private EntryPaths() {}

  /**
   * Why {@code path} is not a safe entry path, or null if it is.
   *
   * <p>Segment by segment, rather than by normalizing: "a/../b" is refused, not read as "b", so
   * what is extracted is exactly what is listed.
   */
  public static String problem(String path) {
    if (path.isEmpty()) {
      return "it is empty";
    }
    if (path.getBytes(StandardCharsets.UTF_8).length > ArchiveFormat.MAX_PATH_BYTES) {
      return "it is longer than " + ArchiveFormat.MAX_PATH_BYTES + " bytes";
    }
    if (path.startsWith("/")) {
      return "it is absolute";
    }
    for (String segment : path.split("/", -1)) {
      String why = segmentProblem(segment);
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  /** Why {@code key} is not an object key (1 to 1024 bytes of UTF-8, no NUL), or null. */
  public static String objectKeyProblem(String key) {
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > 1024) {
      return "an object key is 1 to 1024 bytes of UTF-8";
    }
    return key.indexOf(0) >= 0 ? "it contains a NUL character" : null;
  }

  /** The path's segments; call only for a path without {@link #problem}. */
  public static List<String> segments(String path) {
    return List.of(path.split("/", -1));
  }

  private static String segmentProblem(String segment) {
    if (segment.isEmpty()) {
      return "it has an empty segment";
    }
    if (segment.equals(".") || segment.equals("..")) {
      return "it has a \"" + segment + "\" segment";
    }
    if (segment.getBytes(StandardCharsets.UTF_8).length > ArchiveFormat.MAX_SEGMENT_NAME_BYTES) {
      return "a segment is longer than " + ArchiveFormat.MAX_SEGMENT_NAME_BYTES + " bytes";
    }
    for (int i = 0; i < segment.length(); i++) {
      if (segment.charAt(i) == 0) {
        return "it contains a NUL character";
      }
    }
    // What this platform makes of the name: on Windows "a\b" and "C:x" are not plain names.
    try {
      Path p = Path.of(segment);
      if (p.isAbsolute() || p.getRoot() != null || p.getNameCount() != 1) {
        return "a segment is not a plain file name here";
      }
      if (!p.getFileName().toString().equals(segment)) {
        return "a segment is not a plain file name here";
      }
    } catch (InvalidPathException e) {
      // A name the JVM's charset cannot encode (any non-ASCII one under the C locale) is no fault
      // of the archive: listing needs no file, and extraction refuses it (extractionProblem).
      return FileNames.canHold(segment) ? "a segment is not a valid file name here" : null;
    }
    return null;
  }

  /**
   * Why no file here can be named {@code path}, a path without {@link #problem}, or null: the
   * locale's charset cannot hold it.
   */
  public static String extractionProblem(String path) {
    return FileNames.unwritable(path);
  }

  /** A path made printable: control characters escaped, so names cannot drive a terminal. */
  public static String printable(String path) {
    StringBuilder out = new StringBuilder(path.length());
    path.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c) || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
              } else if (c == '\\') {
                out.append("\\\\");
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }
}
