package dev.coffer.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.coffer.engine.archive.ArchiveEntry;
import dev.coffer.engine.archive.FileNameText;
import dev.coffer.engine.archive.FileTreeArchiver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code archive create} shows of a tree walk: progress, and every file skipped or changed
 * while it was read, on standard error as it happens and in the result (with --json only there,
 * unless the archive goes to standard output and there is no result), so that an archive that lacks
 * something, or holds a torn copy, never looks complete. What --exclude leaves out was asked for,
 * so it is only counted.
 */
final class ArchiveCreateListener implements FileTreeArchiver.Listener {
  private final Invocation invocation;
  private final Progress progress;
  private final boolean warnOnStderr;
  private final List<ExcludePattern> excludes;
  private final Set<Object> own = new HashSet<>();
  private int excluded;
  private final JsonArray skipped = new JsonArray();
  private final JsonArray changed = new JsonArray();

  ArchiveCreateListener(
      Invocation invocation,
      Progress progress,
      DownloadTarget target,
      List<ExcludePattern> excludes) {
    this.invocation = invocation;
    this.progress = progress;
    this.excludes = excludes;
    this.warnOnStderr = !invocation.output().json() || target.file() == null;
    // By identity, not name: an output named through a symbolic link into the tree being walked
    // has another path there, and read while it grows it would be archived into itself.
    for (Path p : new Path[] {target.file(), target.partialFile()}) {
      if (p != null) {
        own.add(p.toAbsolutePath().normalize());
        Object key = fileKey(p);
        if (key != null) {
          own.add(key);
        }
      }
    }
  }

  @Override
  public InputStream entry(ArchiveEntry entry, InputStream data) {
    progress.file();
    return progress.monitor(invocation.host().archiveReads().reading(entry, data));
  }

  @Override
  public void skipped(Path path, String why) {
    skipped.add(item(jsonPath(path), why));
    warn("skipped " + shown(path) + ": " + why);
  }

  /**
   * A skipped path as stderr may show it. A name whose bytes are not text in the JVM's charset
   * decodes to U+FFFD and the like, which names another file (or none) and can garble a terminal;
   * the reason for skipping it quotes its bytes escaped, so only its directory is named here.
   */
  private static String shown(Path path) {
    Path name = path.getFileName();
    Path parent = path.getParent();
    if (name == null || parent == null || FileNameText.isText(name)) {
      return ArchiveText.printable(path.toString());
    }
    return "a file in " + ArchiveText.printable(parent.toString());
  }

  /**
   * A skipped path as --json gives it: exactly, as JSON can carry any text, unless its name is not
   * text. That name's decoded string would name another file (or none), so its bytes are given
   * escaped instead, as the reason for skipping it quotes them.
   */
  private static String jsonPath(Path path) {
    Path name = path.getFileName();
    Path parent = path.getParent();
    if (name == null || parent == null || FileNameText.isText(name)) {
      return path.toString();
    }
    return parent.resolve(FileNameText.escapedBytes(name)).toString();
  }

  @Override
  public void changed(Path path, String why) {
    changed.add(item(path, why));
    // tar's words, which scripts and people already look for.
    warn(
        ArchiveText.printable(path.toString())
            + ": file changed as we read it ("
            + why
            + "); stored as read");
  }

  @Override
  public void vanished(Path path) {
    String why = "it was removed before it could be read; not in the archive";
    changed.add(item(path, why));
    // tar's words again.
    warn(ArchiveText.printable(path.toString()) + ": file removed before we read it");
  }

  private static JsonObject item(Path path, String why) {
    return item(path.toString(), why);
  }

  private static JsonObject item(String path, String why) {
    JsonObject item = new JsonObject();
    item.addProperty("path", path);
    item.addProperty("reason", why);
    return item;
  }

  private void warn(String line) {
    if (warnOnStderr) {
      invocation.host().err().println("coffer: " + line);
    }
  }

  @Override
  public boolean excluded(Path path, String name) {
    if (own.contains(path.toAbsolutePath().normalize())) {
      return true;
    }
    Object key = fileKey(path);
    return key != null && own.contains(key) || excludedByPattern(name);
  }

  /** Whether an --exclude pattern matches {@code name}, counting it if one does. */
  boolean excludedByPattern(String name) {
    for (ExcludePattern pattern : excludes) {
      if (pattern.matches(name)) {
        excluded++;
        return true;
      }
    }
    return false;
  }

  /** How many entries --exclude left out (a directory once, what is under it not looked at). */
  int excludedCount() {
    return excluded;
  }

  /** How many files were skipped. */
  int skippedCount() {
    return skipped.size();
  }

  /** How many files changed while they were read, or vanished before it. */
  int changedCount() {
    return changed.size();
  }

  /**
   * Adds {@code skipped} and {@code changed} (each such file's path and reason), and {@code
   * excluded}, how many entries --exclude left out.
   */
  void addTo(JsonObject document) {
    document.addProperty("excluded", excluded);
    document.add("skipped", skipped);
    document.add("changed", changed);
  }

  /** The file's identity (device and inode on Unix), or null if it has none or is missing. */
  private static Object fileKey(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (IOException e) {
      return null;
    }
  }
}
