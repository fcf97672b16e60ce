package dev.coffer.engine.archive;

import dev.coffer.engine.internal.archive.DiskFailures;
import dev.coffer.engine.internal.archive.EntryPaths;
import dev.coffer.engine.internal.archive.ExtractionStaging;
import dev.coffer.engine.internal.archive.StagingDisk;
import dev.coffer.keystore.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Extracts an archive into a directory, and only into it:
 *
 * <ul>
 *   <li>entry paths are relative paths of plain names (checked as each entry is read, so "../x",
 *       "/etc/x" and "a/./b" are refused); exported objects whose keys are not such paths are
 *       refused too;
 *   <li>no write passes through a symbolic link, whether the archive made it or it was there
 *       before; links are made last, and each is checked on disk, since a chain of links can climb
 *       further than any one of them says;
 *   <li>files are written to hidden temporary files beside their final place and renamed only once
 *       the whole archive has authenticated, end marker included. When anything fails before then,
 *       every file, link and directory the extraction created is removed: no partly extracted file
 *       is ever left under its final name.
 *   <li>once files are going into place, every byte is authentic and the first rename has replaced
 *       what had that name, so nothing is undone any more: a file that cannot be put in place (its
 *       directory made read-only meanwhile, say) is reported in an {@link
 *       IncompleteExtractionException} and the others are still put in place, as tar goes on past a
 *       file it cannot write.
 * </ul>
 *
 * <p>A temporary file that cannot be removed is emptied, so that no extracted plaintext lingers,
 * and reported to the listener with any other hidden file left behind.
 *
 * <p>Existing files are replaced, as by {@code tar}. Memory grows with the number of entries (their
 * final names are kept until the end), not with their size.
 *
 * <p>An {@link EntrySelection} extracts some entries only; the whole archive is still read and
 * authenticated before anything is put in place, and a member that matched no entry fails the
 * extraction as any failure before then does, leaving nothing.
 */
public final class ArchiveExtractor {
  private static final int BUFFER = 64 * 1024;

  /** Sees what is extracted, for progress, and what hidden files could not be removed. */
  public interface Listener {
    /** Called as an entry starts; may wrap a file's data (to count bytes, say). */
    default InputStream entry(ArchiveEntry entry, InputStream data) {
      return data;
    }

    /** A hidden file the extraction made and could not remove, whether it failed or not. */
    default void leftBehind(LeftBehindFile file) {}
  }

  private ArchiveExtractor() {}

  /**
   * Reads {@code archive} to its end and extracts it into {@code directory}, which is created if
   * missing.
   *
   * @return what the archive's authenticated end record counts
   * @throws dev.coffer.keystore.CofferException (integrity failure) if the archive fails
   *     authentication or holds an unsafe entry; nothing extracted is then left in place
   * @throws IncompleteExtractionException if the archive authenticated but some files could not be
   *     put in place: the others are
   * @throws IOException if the disk fails before files go into place; nothing is left in place
   */
  public static ArchiveSummary extract(ArchiveReader archive, Path directory, Listener listener)
      throws IOException {
    return extract(archive, directory, EntrySelection.all(), listener);
  }

  /**
   * Reads {@code archive} to its end and extracts the entries {@code selection} selects into {@code
   * directory}. Directories on the way to a member are created as needed, with the archive's modes
   * and times for those it names; existing ones are left as they are.
   *
   * @return the entries extracted and their bytes (for every entry, what the archive's end record
   *     counts); directories on the way to a member are not counted
   * @throws dev.coffer.keystore.NotFoundException if a member matched no entry; nothing extracted
   *     is then left in place
   * @see #extract(ArchiveReader, Path, Listener)
   */
  public static ArchiveSummary extract(
      ArchiveReader archive, Path directory, EntrySelection selection, Listener listener)
      throws IOException {
    return extract(archive, directory, selection, listener, StagingDisk.REAL);
  }

  static ArchiveSummary extract(
      ArchiveReader archive,
      Path directory,
      EntrySelection selection,
      Listener listener,
      StagingDisk disk)
      throws IOException {
    Path missing = Files.exists(directory) ? null : directory;
    ExtractionStaging staging;
    try {
      Files.createDirectories(directory);
      staging = new ExtractionStaging(directory, disk);
    } catch (IOException e) {
      throw DiskFailures.named("cannot extract into " + directory, e);
    }
    boolean committed = false;
    try {
      byte[] buffer = new byte[BUFFER];
      long entries = 0;
      long bytes = 0;
      for (Optional<ArchiveEntry> next; (next = archive.next()).isPresent(); ) {
        ArchiveEntry entry = next.get();
        boolean selected = selection.select(entry.path());
        boolean onTheWay =
            entry.type() == EntryType.DIRECTORY && selection.leadsToAMember(entry.path());
        if (!selected && !onTheWay) {
          // Its data, if any, is skipped (and so authenticated) by the next call to next().
          continue;
        }
        checkExtractable(entry);
        // Failures of this disk, not of the archive (which throws CofferExceptions): named.
        String doing = "cannot extract \"" + EntryPaths.printable(entry.path()) + "\"";
        if (!selected) {
          onDisk(
              doing, () -> staging.directoryOnTheWay(entry.path(), entry.mode(), entry.modified()));
          continue;
        }
        entries++;
        switch (entry.type()) {
          case DIRECTORY -> {
            listener.entry(entry, InputStream.nullInputStream());
            onDisk(doing, () -> staging.directory(entry.path(), entry.mode(), entry.modified()));
          }
          case SYMLINK -> {
            listener.entry(entry, InputStream.nullInputStream());
            onDisk(doing, () -> staging.stageLink(entry.path(), entry.linkTarget()));
          }
          case FILE -> {
            Path temp = onDisk(doing, () -> staging.stageFile(entry.path()));
            try (OutputStream out =
                DiskFailures.naming(onDisk(doing, () -> Files.newOutputStream(temp)), doing)) {
              InputStream data = listener.entry(entry, archive.data());
              for (int n; (n = data.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                bytes += n;
              }
            }
            onDisk(doing, () -> staging.finishFile(temp, entry.mode(), entry.modified()));
          }
        }
      }
      selection.requireEveryMemberMatched();
      ArchiveSummary summary =
          selection.isAll() ? archive.summary() : new ArchiveSummary(entries, bytes);
      ExtractionStaging.Placement placement =
          onDisk("cannot put the extracted files in place in " + directory, staging::commit);
      committed = true;
      placement.leftBehind().forEach(listener::leftBehind);
      if (!placement.failures().isEmpty()) {
        throw new IncompleteExtractionException(
            directory, summary, placement.failures(), placement.leftBehind());
      }
      return summary;
    } finally {
      if (!committed) {
        staging.rollback().forEach(listener::leftBehind);
        if (missing != null) {
          deleteIfEmpty(missing);
        }
      }
    }
  }

  private interface DiskStep<T> {
    T run() throws IOException;
  }

  private interface DiskAction {
    void run() throws IOException;
  }

  private static <T> T onDisk(String doing, DiskStep<T> step) throws IOException {
    try {
      return step.run();
    } catch (IOException e) {
      throw DiskFailures.named(doing, e);
    }
  }

  private static void onDisk(String doing, DiskAction action) throws IOException {
    onDisk(
        doing,
        () -> {
          action.run();
          return null;
        });
  }

  /** A directory made for this extraction goes too, if nothing else was put in it meanwhile. */
  private static void deleteIfEmpty(Path directory) {
    try {
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // Not empty, or not ours to remove after all: left as it is.
    }
  }

  private static void checkExtractable(ArchiveEntry entry) {
    String problem = EntryPaths.problem(entry.path());
    if (problem != null) {
      throw new InvalidArgumentException(
          "object \""
              + EntryPaths.printable(entry.path())
              + "\" cannot be extracted as a file ("
              + problem
              + "); restore the export with `coffer import`");
    }
    String here = EntryPaths.extractionProblem(entry.path() + "/" + entry.linkTarget());
    if (here != null) {
      throw new InvalidArgumentException(
          "cannot extract \"" + EntryPaths.printable(entry.path()) + "\": " + here);
    }
  }
}
