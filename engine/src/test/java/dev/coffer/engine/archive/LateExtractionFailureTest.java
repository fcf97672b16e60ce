package dev.coffer.engine.archive;

import static dev.coffer.engine.archive.ArchiveFixture.TIME;
import static dev.coffer.engine.archive.ArchiveFixture.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.coffer.engine.archive.ArchiveFixture.Item;
import dev.coffer.engine.internal.archive.StagingDisk;
import dev.coffer.keystore.CofferException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extraction failing once files are going into place (a directory made read-only meanwhile): what
 * was placed stays, what was not is named, and no staged plaintext is left. Tests run as root, whom
 * a read-only directory does not stop, so the failures come from the staging disk seam, as the
 * kernel would give them.
 */
class LateExtractionFailureTest {
  @TempDir Path keystoreDir;
  @TempDir Path work;
  ArchiveFixture fx;
  String key;
  Path target;
  final List<LeftBehindFile> toldLeftBehind = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    fx = new ArchiveFixture(keystoreDir);
    key = fx.createKey();
    target = Files.createDirectories(work.resolve("target"));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** The real disk, except that {@code readOnly} refuses renames and removals in it. */
  private StagingDisk readOnly(Path directory, boolean evenEmptying) {
    return new StagingDisk() {
      @Override
      public void move(Path staged, Path to) throws IOException {
        refuseIn(staged);
        StagingDisk.REAL.move(staged, to);
      }

      @Override
      public void delete(Path file) throws IOException {
        refuseIn(file);
        StagingDisk.REAL.delete(file);
      }

      @Override
      public void empty(Path file) throws IOException {
        if (evenEmptying) {
          throw new AccessDeniedException(file.toString());
        }
        StagingDisk.REAL.empty(file);
      }

      private void refuseIn(Path file) throws AccessDeniedException {
        if (file.getParent().equals(directory)) {
          // What the JDK throws for EACCES from rename(2) or unlink(2).
          throw new AccessDeniedException(file.toString());
        }
      }
    };
  }

  private ArchiveSummary extract(byte[] archive, StagingDisk disk, ArchiveExtractor.Listener l)
      throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(archive);
    ArchiveKey opened = ArchiveKey.open(fx.kms(), ArchiveHeader.read(in), OpenOptions.defaults());
    try (ArchiveReader reader = ArchiveReader.open(in, opened)) {
      return ArchiveExtractor.extract(reader, target, EntrySelection.all(), l, disk);
    }
  }

  private ArchiveExtractor.Listener recording() {
    return new ArchiveExtractor.Listener() {
      @Override
      public void leftBehind(LeftBehindFile file) {
        toldLeftBehind.add(file);
      }
    };
  }

  private List<String> everythingUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> !p.equals(dir))
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  private byte[] fiveEntries() throws IOException {
    return fx.seal(
        key,
        List.of(
            Item.file("a.txt", "new a".getBytes(StandardCharsets.UTF_8)),
            Item.directory("b"),
            Item.file("b/x.bin", random(10_000, 1)),
            Item.file("b/y.txt", "y".getBytes(StandardCharsets.UTF_8)),
            Item.file("c.txt", "c".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void aRenameRefusedLateInTheRun_leavesWhatWasPlaced_namesWhatWasNot_andEmptiesItsStagedCopy()
      throws IOException {
    Files.writeString(target.resolve("a.txt"), "old a");
    Files.createDirectories(target.resolve("b"));

    IncompleteExtractionException e =
        catchThrowableOfType(
            IncompleteExtractionException.class,
            () -> extract(fiveEntries(), readOnly(target.resolve("b"), false), recording()));

    assertThat(e.failures())
        .extracting(IncompleteExtractionException.Failure::path)
        .containsExactly("b/x.bin", "b/y.txt");
    assertThat(e.failures().get(0).reason())
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("cannot put \"b/x.bin\" in place: permission denied (in " + target + "/b)");
    // A permission failure stays one, for the caller's exit code.
    assertThat(e).hasCauseInstanceOf(AccessDeniedException.class);
    assertThat(e)
        .hasMessage(
            "extracted into "
                + target
                + " only in part, though the archive is intact: 2 of 5 entries failed, the"
                + " first: cannot put \"b/x.bin\" in place: permission denied (in "
                + target
                + "/b)");
    assertThat(e.summary()).isEqualTo(new ArchiveSummary(5, 10_007));
    // Everything else is in place, the earlier a.txt replaced, and b/ got its time.
    assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("new a");
    assertThat(Files.readString(target.resolve("c.txt"))).isEqualTo("c");
    assertThat(Files.getLastModifiedTime(target.resolve("b"))).isEqualTo(FileTime.from(TIME));
    // The staged copies in b/ could not go: they are emptied, and named.
    List<String> inB = everythingUnder(target.resolve("b"));
    assertThat(inB).hasSize(2).allMatch(name -> name.startsWith(".coffer-part-"));
    for (String name : inB) {
      assertThat(Files.size(target.resolve("b").resolve(name))).isZero();
    }
    assertThat(e.leftBehind()).isEqualTo(toldLeftBehind);
    assertThat(toldLeftBehind)
        .extracting(f -> target.resolve("b").relativize(f.path()).toString())
        .containsExactlyInAnyOrderElementsOf(inB);
    assertThat(toldLeftBehind)
        .extracting(LeftBehindFile::description)
        .containsExactly(
            "emptied temporary file of \"b/x.bin\" (cannot remove it: permission denied)",
            "emptied temporary file of \"b/y.txt\" (cannot remove it: permission denied)");
    assertThat(toldLeftBehind).noneMatch(LeftBehindFile::holdsData);
  }

  @Test
  void aStagedCopyThatCannotBeEmptiedEither_isReportedAsStillHoldingItsBytes() throws IOException {
    Files.createDirectories(target.resolve("b"));

    IncompleteExtractionException e =
        catchThrowableOfType(
            IncompleteExtractionException.class,
            () -> extract(fiveEntries(), readOnly(target.resolve("b"), true), recording()));

    assertThat(e.failures()).hasSize(2);
    assertThat(toldLeftBehind).hasSize(2).allMatch(LeftBehindFile::holdsData);
    assertThat(toldLeftBehind.get(0).description())
        .isEqualTo(
            "temporary file of \"b/x.bin\" (cannot remove it: permission denied), still holding"
                + " its extracted bytes: remove it");
    assertThat(Files.size(toldLeftBehind.get(0).path())).isEqualTo(10_000);
  }

  @Test
  void aHostileArchive_whoseStagedFilesCannotBeRemoved_placesNothing_andEmptiesThem()
      throws IOException {
    Files.createDirectories(target.resolve("b"));
    // Refused only at its last entry, once both files are staged.
    byte[] archive =
        new CraftedArchive(fx.kms(), key)
            .file("b/x.bin", random(10_000, 1))
            .file("b/y.txt", new byte[] {1})
            .symlink("up", "../..")
            .finish();

    assertThatThrownBy(() -> extract(archive, readOnly(target.resolve("b"), false), recording()))
        .isInstanceOf(CofferException.class)
        .hasMessageContaining("is refused");

    assertThat(everythingUnder(target)).hasSize(3).contains("b");
    assertThat(toldLeftBehind)
        .extracting(LeftBehindFile::description)
        .containsExactly(
            "emptied temporary file of \"b/x.bin\" (cannot remove it: permission denied)",
            "emptied temporary file of \"b/y.txt\" (cannot remove it: permission denied)");
    for (LeftBehindFile f : toldLeftBehind) {
      assertThat(Files.size(f.path())).isZero();
    }
  }

  @Test
  void aDirectoryWhoseModeCannotBeSet_isNamed_andTheFilesAreStillPlaced() throws IOException {
    byte[] archive =
        fx.seal(
            key,
            List.of(
                Item.directory("gone"),
                Item.file("a.txt", "a".getBytes(StandardCharsets.UTF_8)),
                Item.file("z.txt", "z".getBytes(StandardCharsets.UTF_8))));
    ArchiveExtractor.Listener removingGone =
        new ArchiveExtractor.Listener() {
          @Override
          public InputStream entry(ArchiveEntry entry, InputStream data) {
            // Someone removes the new directory before the extraction sets its mode and time.
            if (entry.path().equals("z.txt")) {
              target.resolve("gone").toFile().delete();
            }
            return data;
          }
        };

    IncompleteExtractionException e =
        catchThrowableOfType(
            IncompleteExtractionException.class,
            () -> extract(archive, StagingDisk.REAL, removingGone));

    assertThat(e.failures()).hasSize(1);
    assertThat(e.failures().get(0).reason())
        .hasMessage(
            "cannot set the mode and time of \"gone\": no such file or directory ("
                + target.resolve("gone")
                + ")");
    assertThat(everythingUnder(target)).containsExactly("a.txt", "z.txt");
  }

  @Test
  void withEveryRenameAllowed_nothingIsLeftBehind() throws IOException {
    Files.createDirectories(target.resolve("b"));

    assertThat(extract(fiveEntries(), StagingDisk.REAL, recording()))
        .isEqualTo(new ArchiveSummary(5, 10_007));

    assertThat(everythingUnder(target))
        .containsExactly("a.txt", "b", "b/x.bin", "b/y.txt", "c.txt");
    assertThat(toldLeftBehind).isEmpty();
  }
}
