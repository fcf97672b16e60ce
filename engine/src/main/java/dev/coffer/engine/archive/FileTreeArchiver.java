package dev.coffer.engine.archive;

import dev.coffer.engine.internal.archive.DiskFailures;
import dev.coffer.engine.internal.archive.FileModes;
import dev.coffer.engine.internal.archive.FileNames;
import dev.coffer.engine.internal.archive.LinkTargets;
import dev.coffer.engine.internal.archive.WatchedFileRead;
import dev.coffer.keystore.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Adds files, directory trees and symbolic links from disk to an archive. Links are stored as links
 * (never followed), and only if their target stays inside the archive's tree by {@link
 * LinkTargets}' lexical rule (whether the target is archived too is not checked); directories are
 * walked in name order with an explicit stack, so depth costs no call stack. Anything else
 * (sockets, devices, pipes), and names that are not text in the JVM's file name charset (bytes that
 * are not UTF-8, say), are skipped and reported to the listener.
 *
 * <p>Files are read as {@code tar} reads them: up to their size when opened, and checked afterwards
 * for changes made while they were read (size, times, identity). A file that changed is stored as
 * read and reported to the listener; the archive stays valid. Archive a snapshot of live data.
 */
public final class FileTreeArchiver {
  /** Sees what is archived: for progress, and to be told what was skipped or changed. */
  public interface Listener {
    /** Called before an entry is written; may wrap a file's data (to count bytes, say). */
    default InputStream entry(ArchiveEntry entry, InputStream data) {
      return data;
    }

    default void skipped(Path path, String why) {}

    /**
     * A file changed while it was read (tar's "file changed as we read it"): it is in the archive
     * as read, up to its size when opened, and the archive is valid; {@code why} says what changed.
     */
    default void changed(Path path, String why) {}

    /**
     * A file the walk found was gone before it could be read (tar's "file removed before we read
     * it"): it is not in the archive, which is valid without it.
     */
    default void vanished(Path path) {}

    /**
     * Whether to leave {@code path}, to be stored as {@code name}, out of the archive (the archive
     * being written, say, or what matches an exclude pattern); asked before it is looked at, so a
     * directory left out is not read at all. Not asked for {@link #addStream}.
     */
    default boolean excluded(Path path, String name) {
      return false;
    }
  }

  private final ArchiveWriter writer;
  private final Listener listener;

  public FileTreeArchiver(ArchiveWriter writer, Listener listener) {
    this.writer = writer;
    this.listener = listener;
  }

  /** The entry name of a path argument: its last name, as {@code tar} names a relative one. */
  public static String entryName(Path source) {
    Path name = source.toAbsolutePath().normalize().getFileName();
    if (name == null) {
      throw new InvalidArgumentException("cannot archive a file system root: " + source);
    }
    return name.toString();
  }

  /** Adds {@code source} (and, for a directory, everything under it) as {@code name}. */
  public void add(Path source, String name) throws IOException {
    Deque<Item> pending = new ArrayDeque<>();
    pending.push(new Item(source, name));
    while (!pending.isEmpty()) {
      Item item = pending.pop();
      List<Item> children = addOne(item.path(), item.name());
      for (int i = children.size() - 1; i >= 0; i--) {
        pending.push(children.get(i));
      }
    }
  }

  /** Adds a stream (standard input, say) as one file. */
  public void addStream(String name, InputStream data) throws IOException {
    ArchiveEntry entry = ArchiveEntry.file(name, ArchiveEntry.DEFAULT_FILE_MODE, Instant.now());
    writer.addFile(entry, listener.entry(entry, data));
  }

  private record Item(Path path, String name) {}

  private List<Item> addOne(Path path, String name) throws IOException {
    if (listener.excluded(path, name)) {
      return List.of();
    }
    BasicFileAttributes attributes;
    String why;
    ArchiveEntry entry;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      why = skipReason(path, name, attributes);
      entry = why != null ? null : entry(path, name, attributes);
    } catch (NoSuchFileException e) {
      // Listed, then deleted before it was read (a live tree's temporary file): reported as tar
      // reports it, since the archive then is not the tree as one moment had it.
      listener.vanished(path);
      return List.of();
    } catch (IOException e) {
      throw DiskFailures.named("cannot archive " + path, e);
    }
    if (why != null) {
      listener.skipped(path, why);
      return List.of();
    }
    if (entry.type() != EntryType.FILE) {
      List<Item> children = entry.type() == EntryType.DIRECTORY ? children(path, name) : List.of();
      listener.entry(entry, InputStream.nullInputStream());
      writer.add(entry);
      return children;
    }
    addFile(path, entry);
    return List.of();
  }

  private void addFile(Path path, ArchiveEntry listed) throws IOException {
    String doing = "cannot archive " + path;
    WatchedFileRead read;
    try {
      read = WatchedFileRead.open(path);
    } catch (NoSuchFileException e) {
      listener.vanished(path);
      return;
    } catch (IOException e) {
      throw DiskFailures.named(doing, e);
    }
    try (read) {
      // The time taken with the size the read stops at, so that the two describe one moment.
      ArchiveEntry entry = ArchiveEntry.file(listed.path(), listed.mode(), read.modified());
      writer.addFile(entry, listener.entry(entry, DiskFailures.naming(read.data(), doing)));
      String change;
      try {
        change = read.change();
      } catch (IOException e) {
        throw DiskFailures.named(doing, e);
      }
      if (change != null) {
        listener.changed(path, change);
      }
    }
  }

  private static ArchiveEntry entry(Path path, String name, BasicFileAttributes attributes)
      throws IOException {
    Instant modified = attributes.lastModifiedTime().toInstant();
    if (attributes.isSymbolicLink()) {
      return ArchiveEntry.symlink(name, linkTarget(path), modified);
    }
    if (attributes.isDirectory()) {
      return ArchiveEntry.directory(
          name, mode(path, ArchiveEntry.DEFAULT_DIRECTORY_MODE), modified);
    }
    return ArchiveEntry.file(name, mode(path, ArchiveEntry.DEFAULT_FILE_MODE), modified);
  }

  /** A directory's entries in name order, each name checked; read before its entry is written. */
  private List<Item> children(Path path, String name) throws IOException {
    List<Item> children = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(path)) {
      for (Path child : listing) {
        String unreadable = FileNames.unreadable(child.getFileName());
        if (unreadable != null) {
          // Archived under its decoded name, it would come back as another file (U+FFFD).
          listener.skipped(child, unreadable);
        } else {
          children.add(new Item(child, name + "/" + child.getFileName()));
        }
      }
    } catch (IOException e) {
      throw DiskFailures.named("cannot archive " + path, e);
    } catch (DirectoryIteratorException e) {
      throw DiskFailures.named("cannot archive " + path, e.getCause());
    }
    children.sort((a, b) -> a.name().compareTo(b.name()));
    return children;
  }

  /**
   * Why {@code source} itself would be skipped rather than archived as {@code name} (a pipe, say,
   * or a link whose target an archive cannot keep), or null if it would not: for a caller to refuse
   * an argument that would leave nothing of itself in the archive.
   */
  public static String problem(Path source, String name) throws IOException {
    return skipReason(
        source,
        name,
        Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
  }

  private static String skipReason(Path path, String name, BasicFileAttributes attributes)
      throws IOException {
    if (attributes.isSymbolicLink()) {
      String why = LinkTargets.problem(name, linkTarget(path));
      return why == null ? null : "symbolic link not archived: " + why;
    }
    if (attributes.isDirectory() || attributes.isRegularFile()) {
      return null;
    }
    return "not a regular file, directory or symbolic link";
  }

  private static String linkTarget(Path link) throws IOException {
    return Files.readSymbolicLink(link)
        .toString()
        .replace(link.getFileSystem().getSeparator(), "/");
  }

  private static int mode(Path path, int fallback) throws IOException {
    if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return fallback;
    }
    Set<PosixFilePermission> permissions =
        Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            .permissions();
    return FileModes.toBits(permissions);
  }
}
