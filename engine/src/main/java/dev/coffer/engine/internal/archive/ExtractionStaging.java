package dev.coffer.engine.internal.archive;

import dev.coffer.engine.archive.IncompleteExtractionException.Failure;
import dev.coffer.engine.archive.LeftBehindFile;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidCiphertextException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What an extraction has put on disk so far, held back until the archive has authenticated to its
 * end: files sit in hidden temporary files beside their final place, symbolic links are only
 * recorded. {@link #commit} then makes the links (checking each against the file system), renames
 * the files and sets directory times and modes; {@link #rollback} removes everything the extraction
 * created and puts back what a link had replaced.
 *
 * <p>The first rename is the point of no return: it replaces whatever had that name. From there a
 * file that cannot be put in place is reported and the others still are, as tar goes on past a file
 * it cannot write; its staged copy is removed, or emptied where it cannot be.
 *
 * <p>No write goes through a symbolic link: every directory on an entry's way is checked without
 * following links, whether it came from the archive or was there before. Links are made last, so
 * none made by the archive can be on the way of a write.
 */
public final class ExtractionStaging {
  private static final String TEMP_PREFIX = ".coffer-part-";
  private static final String ASIDE_PREFIX = ".coffer-aside-";

  private final Path root;
  private final StagingDisk disk;
  private final boolean posix;
  private final List<Path> createdDirectories = new ArrayList<>();
  private final List<Staged> files = new ArrayList<>();
  private final List<Link> links = new ArrayList<>();
  private final Set<Path> madeLinks = new HashSet<>();
  private final List<Staged> setAside = new ArrayList<>();
  private final List<DirectoryAttributes> directories = new ArrayList<>();

  /** A staged file (or a file a link set aside) and the entry it belongs to. */
  private record Staged(Path temp, Path target, String entry) {}

  private record Link(Path path, String target) {}

  private record DirectoryAttributes(Path path, String entry, int mode, Instant modified) {}

  /**
   * What {@link #commit} could not do, once past the point of no return.
   *
   * @param failures entries not put in place, or directories whose mode and time were not set
   * @param leftBehind hidden files that could not be removed
   */
  public record Placement(List<Failure> failures, List<LeftBehindFile> leftBehind) {}

  /** Extraction into {@code root}, an existing directory. */
  public ExtractionStaging(Path root, StagingDisk disk) throws IOException {
    this.root = root.toRealPath();
    this.disk = disk;
    this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Makes sure the directory at {@code path} exists, creating what is missing.
   *
   * @throws InvalidArgumentException if a name on the way is a symbolic link or not a directory
   */
  public Path directory(String path, int mode, Instant modified) throws IOException {
    Path dir = ensureDirectories(EntryPaths.segments(path));
    directories.add(new DirectoryAttributes(dir, path, mode, modified));
    return dir;
  }

  /**
   * Makes sure the directory at {@code path}, only on the way to what is extracted, exists; the
   * archive's mode and time go to it only if this extraction creates it, since an existing one was
   * not asked for.
   */
  public void directoryOnTheWay(String path, int mode, Instant modified) throws IOException {
    Path dir = ensureDirectories(EntryPaths.segments(path));
    if (createdDirectories.contains(dir)) {
      directories.add(new DirectoryAttributes(dir, path, mode, modified));
    }
  }

  /** A new temporary file for the file entry at {@code path}; its parents are made as needed. */
  public Path stageFile(String path) throws IOException {
    List<String> segments = EntryPaths.segments(path);
    Path parent = ensureDirectories(segments.subList(0, segments.size() - 1));
    Path target = parent.resolve(segments.get(segments.size() - 1));
    refuseDirectory(target, path);
    Path temp = Files.createTempFile(parent, TEMP_PREFIX, "");
    files.add(new Staged(temp, target, path));
    return temp;
  }

  /** Sets the staged file's permission bits and modification time, as the archive says. */
  public void finishFile(Path temp, int mode, Instant modified) throws IOException {
    Files.setLastModifiedTime(temp, FileTime.from(modified));
    if (posix) {
      Files.setPosixFilePermissions(temp, FileModes.fromBits(mode));
    }
  }

  /** Records a symbolic link, made by {@link #commit}; its parents are made now. */
  public void stageLink(String path, String target) throws IOException {
    List<String> segments = EntryPaths.segments(path);
    Path parent = ensureDirectories(segments.subList(0, segments.size() - 1));
    Path link = parent.resolve(segments.get(segments.size() - 1));
    refuseDirectory(link, path);
    links.add(new Link(link, target));
  }

  /**
   * Puts everything in place; call once the archive has authenticated to its end.
   *
   * @return what could not be put in place once the first file had been (nothing throws then)
   * @throws InvalidCiphertextException if a symbolic link, followed through the others, leads
   *     outside the target directory (nothing is then placed, and {@link #rollback} undoes the
   *     links)
   * @throws IOException if a link cannot be made (nothing is placed either)
   */
  public Placement commit() throws IOException {
    makeLinks();
    // The point of no return: the first rename replaces what had that name, so from here what
    // fails is reported and everything else still put in place.
    madeLinks.clear();
    createdDirectories.clear();
    List<Failure> failures = new ArrayList<>();
    List<LeftBehindFile> leftBehind = new ArrayList<>();
    for (Staged f : files) {
      try {
        disk.move(f.temp(), f.target());
      } catch (IOException e) {
        failures.add(
            new Failure(
                f.entry(),
                DiskFailures.named(
                    "cannot put \"" + EntryPaths.printable(f.entry()) + "\" in place", e)));
        discard(f, leftBehind);
      }
    }
    files.clear();
    for (Staged aside : setAside) {
      try {
        disk.delete(aside.temp());
      } catch (IOException e) {
        leftBehind.add(setAsideLeftBehind(aside, "which a symbolic link replaced", "remove it", e));
      }
    }
    setAside.clear();
    // Deepest first, so that setting a directory's time is not undone by changes inside it.
    for (int i = directories.size() - 1; i >= 0; i--) {
      DirectoryAttributes d = directories.get(i);
      try {
        if (posix) {
          Files.setPosixFilePermissions(d.path(), FileModes.fromBits(d.mode()));
        }
        Files.setLastModifiedTime(d.path(), FileTime.from(d.modified()));
      } catch (IOException e) {
        failures.add(
            new Failure(
                d.entry(),
                DiskFailures.named(
                    "cannot set the mode and time of \"" + EntryPaths.printable(d.entry()) + "\"",
                    e)));
      }
    }
    return new Placement(List.copyOf(failures), List.copyOf(leftBehind));
  }

  /** A file set aside for a link, still holding its data, that could not be {@code undone}. */
  private static LeftBehindFile setAsideLeftBehind(
      Staged aside, String why, String undone, IOException e) {
    return new LeftBehindFile(
        aside.temp(),
        "the earlier \""
            + EntryPaths.printable(aside.entry())
            + "\", "
            + why
            + " (cannot "
            + undone
            + ": "
            + DiskFailures.reason(e)
            + ")",
        true);
  }

  private void makeLinks() throws IOException {
    for (Link link : links) {
      if (Files.isDirectory(link.path(), LinkOption.NOFOLLOW_LINKS)) {
        throw new InvalidArgumentException(
            "cannot make the symbolic link "
                + printable(link.path())
                + ": a directory is in its place");
      }
      setAside(link.path());
      Files.createSymbolicLink(link.path(), link.path().getFileSystem().getPath(link.target()));
      madeLinks.add(link.path());
    }
    for (Link link : links) {
      if (!Files.isSymbolicLink(link.path()) || !inside(physicalTarget(link.path()))) {
        throw new InvalidCiphertextException(
            "symbolic link \""
                + EntryPaths.printable(root.relativize(link.path()).toString())
                + "\" is refused: followed through the archive's other links, it leads outside"
                + " the target directory");
      }
    }
  }

  /**
   * Removes every temporary file, link and directory this extraction created. Best effort.
   *
   * @return the hidden files that could not be removed (staged files among them emptied)
   */
  public List<LeftBehindFile> rollback() {
    List<LeftBehindFile> leftBehind = new ArrayList<>();
    for (Staged f : files) {
      discard(f, leftBehind);
    }
    for (Path link : madeLinks) {
      deleteQuietly(link);
    }
    for (int i = setAside.size() - 1; i >= 0; i--) {
      Staged aside = setAside.get(i);
      try {
        Files.move(aside.temp(), aside.target());
      } catch (IOException e) {
        leftBehind.add(
            setAsideLeftBehind(aside, "set aside for a symbolic link", "move it back", e));
      }
    }
    for (int i = createdDirectories.size() - 1; i >= 0; i--) {
      deleteQuietly(createdDirectories.get(i));
    }
    files.clear();
    madeLinks.clear();
    setAside.clear();
    createdDirectories.clear();
    return List.copyOf(leftBehind);
  }

  /**
   * Removes a staged file that will not be put in place. One that cannot be removed (its directory
   * refuses changes) is emptied, so that no extracted plaintext lingers, and reported either way.
   */
  private void discard(Staged f, List<LeftBehindFile> leftBehind) {
    try {
      disk.delete(f.temp());
      return;
    } catch (IOException e) {
      String whose =
          "temporary file of \""
              + EntryPaths.printable(f.entry())
              + "\" (cannot remove it: "
              + DiskFailures.reason(e)
              + ")";
      try {
        disk.empty(f.temp());
        leftBehind.add(new LeftBehindFile(f.temp(), "emptied " + whose, false));
      } catch (IOException notEmptied) {
        leftBehind.add(
            new LeftBehindFile(
                f.temp(), whose + ", still holding its extracted bytes: remove it", true));
      }
    }
  }

  /**
   * Moves what is at {@code path} (a file or link a link replaces) aside until the commit; a link
   * this extraction made there (the archive named the path twice) is simply replaced.
   */
  private void setAside(Path path) throws IOException {
    if (madeLinks.contains(path)) {
      Files.delete(path);
    } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      Path aside = path.resolveSibling(ASIDE_PREFIX + UUID.randomUUID());
      Files.move(path, aside);
      setAside.add(new Staged(aside, path, root.relativize(path).toString()));
    }
  }

  private Path ensureDirectories(List<String> segments) throws IOException {
    Path dir = root;
    for (String segment : segments) {
      dir = dir.resolve(segment);
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (java.nio.file.NoSuchFileException missing) {
        Files.createDirectory(dir);
        createdDirectories.add(dir);
        continue;
      }
      if (a.isSymbolicLink()) {
        throw new InvalidArgumentException(
            "refusing to extract through the symbolic link " + printable(dir));
      }
      if (!a.isDirectory()) {
        throw new InvalidArgumentException(printable(dir) + " exists and is not a directory");
      }
    }
    return dir;
  }

  private void refuseDirectory(Path target, String path) {
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidArgumentException(
          "cannot extract \"" + EntryPaths.printable(path) + "\": a directory is in its place");
    }
  }

  /**
   * Where a link leads on disk: the real path of the deepest part of its target that exists, and
   * the rest of the target after it. A dangling link counts too, as the file it names could be
   * created later.
   */
  private Path physicalTarget(Path link) throws IOException {
    Path at = link.getParent().toRealPath();
    String target = Files.readSymbolicLink(link).toString();
    for (String segment : target.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      Path next = segment.equals("..") ? at.getParent() : at.resolve(segment);
      if (next == null) {
        return link.getFileSystem().getPath("/");
      }
      if (Files.exists(next)) {
        at = next.toRealPath();
      } else {
        at = next.normalize();
      }
    }
    return at;
  }

  private boolean inside(Path p) {
    return p.normalize().startsWith(root);
  }

  private String printable(Path p) {
    return "\"" + EntryPaths.printable(root.relativize(p).toString()) + "\"";
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // Best effort: a directory the user filled meanwhile is left alone.
    }
  }
}
