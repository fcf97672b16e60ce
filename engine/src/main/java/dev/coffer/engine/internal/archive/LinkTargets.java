package dev.coffer.engine.internal.archive;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The lexical rule for symbolic links in archives: a relative target that, followed from the link's
 * directory, never climbs above the archive's root. Applied when archiving and again when
 * extracting; extraction also checks links against the file system once they all exist, since a
 * chain of links can climb further than any one of them says.
 */
public final class LinkTargets {
  private LinkTargets() {}

  /** Why the link at {@code linkPath} may not point at {@code target}, or null if it may. */
  public static String problem(String linkPath, String target) {
    if (target.isEmpty() || target.indexOf(0) >= 0) {
      return "its target is empty or contains NUL";
    }
    try {
      Path p = Path.of(target);
      if (target.startsWith("/") || p.isAbsolute() || p.getRoot() != null) {
        return "it points at an absolute path (" + EntryPaths.printable(target) + ")";
      }
    } catch (InvalidPathException e) {
      // As for entry names: only extraction needs the locale's charset to hold the target.
      if (FileNames.canHold(target)) {
        return "its target is not a valid path here";
      }
      if (target.startsWith("/")) {
        return "it points at an absolute path (" + EntryPaths.printable(target) + ")";
      }
    }
    int depth = EntryPaths.segments(linkPath).size() - 1;
    for (String segment : target.split("/", -1)) {
      if (segment.equals("..")) {
        if (--depth < 0) {
          return "it points outside the archive's root (" + EntryPaths.printable(target) + ")";
        }
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        depth++;
      }
    }
    return null;
  }
}
