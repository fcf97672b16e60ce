package dev.coffer.engine.archive;

import static dev.coffer.engine.archive.ArchiveFixture.SEGMENT;
import static dev.coffer.engine.archive.ArchiveFixture.TIME;
import static dev.coffer.engine.archive.ArchiveFixture.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.engine.archive.ArchiveFixture.Item;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extraction writes only inside its directory, and only once the archive has authenticated to its
 * end: a damaged or hostile archive leaves nothing behind, least of all a file under its final
 * name.
 */
class ArchiveExtractionTest {
  @TempDir Path keystoreDir;
  @TempDir Path work;
  ArchiveFixture fx;
  String key;
  Path target;
  Path outside;

  @BeforeEach
  void setUp() throws IOException {
    fx = new ArchiveFixture(keystoreDir);
    key = fx.createKey();
    target = Files.createDirectories(work.resolve("target/inner"));
    outside = work.resolve("outside");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private ArchiveSummary extract(byte[] archive) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(archive);
    ArchiveKey opened = ArchiveKey.open(fx.kms(), ArchiveHeader.read(in), OpenOptions.defaults());
    try (ArchiveReader reader = ArchiveReader.open(in, opened)) {
      return ArchiveExtractor.extract(reader, target, new ArchiveExtractor.Listener() {});
    }
  }

  private List<String> everythingUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).toList();
    }
  }

  @Test
  void extract_restoresFilesDirectoriesLinksModesAndTimes() throws IOException {
    byte[] big = random(7 * SEGMENT + 5, 3);
    byte[] archive =
        fx.seal(
            key,
            List.of(
                Item.directory("d"),
                Item.file("d/big.bin", big),
                Item.file("d/sub/empty", new byte[0]),
                Item.symlink("d/link", "big.bin"),
                Item.symlink("top", "d/sub")));
    assertThat(extract(archive)).isEqualTo(new ArchiveSummary(5, big.length));
    assertThat(Files.readAllBytes(target.resolve("d/big.bin"))).isEqualTo(big);
    assertThat(Files.readAllBytes(target.resolve("d/link"))).isEqualTo(big);
    assertThat(Files.size(target.resolve("d/sub/empty"))).isZero();
    assertThat(Files.readSymbolicLink(target.resolve("top")).toString()).isEqualTo("d/sub");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("d"))))
        .isEqualTo("rwxr-x---");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(target.resolve("d/big.bin"))))
        .isEqualTo("rw-r-----");
    assertThat(Files.getLastModifiedTime(target.resolve("d/big.bin")))
        .isEqualTo(FileTime.from(TIME));
    assertThat(Files.getLastModifiedTime(target.resolve("d"))).isEqualTo(FileTime.from(TIME));
    assertThat(everythingUnder(target)).noneMatch(p -> p.contains(".coffer-"));
  }

  @Test
  void extract_withTruncatedArchive_failsAndLeavesNoFinalFile() throws IOException {
    Files.writeString(target.resolve("kept.txt"), "mine");
    Files.writeString(target.resolve("a.txt"), "old a");
    byte[] archive =
        fx.seal(
            key,
            List.of(
                Item.file("a.txt", "new a".getBytes(StandardCharsets.UTF_8)),
                Item.directory("d"),
                Item.file("d/b.bin", random(20 * SEGMENT, 1)),
                Item.symlink("l", "a.txt")));
    int bodyStart = ArchiveHeader.read(new ByteArrayInputStream(archive)).length();
    for (int cut = bodyStart + SEGMENT; cut < archive.length; cut += SEGMENT) {
      byte[] truncated = Arrays.copyOf(archive, cut);
      assertThatThrownBy(() -> extract(truncated))
          .as("cut at %d", cut)
          .isInstanceOf(CofferException.class)
          .extracting(e -> ((CofferException) e).errorCode())
          .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
      assertThat(everythingUnder(target)).containsExactlyInAnyOrder("kept.txt", "a.txt");
      assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("old a");
    }
    extract(archive);
    assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("new a");
    assertThat(Files.readString(target.resolve("l"))).isEqualTo("new a");
  }

  @Test
  void extract_withAppendedBytes_failsAndLeavesNoFinalFile() throws IOException {
    byte[] archive = fx.seal(key, List.of(Item.file("a.txt", new byte[] {1})));
    byte[] longer = Arrays.copyOf(archive, archive.length + 1);
    assertThatThrownBy(() -> extract(longer)).isInstanceOf(CofferException.class);
    assertThat(everythingUnder(target)).isEmpty();
  }

  @Test
  void extract_withDotDotPath_isRefusedAndWritesNothing() throws IOException {
    for (String path : List.of("../escaped", "a/../../escaped", "./x", "a//b", "a/")) {
      byte[] archive =
          new CraftedArchive(fx.kms(), key)
              .file("fine.txt", new byte[] {1})
              .file(path, new byte[] {6, 6, 6})
              .finish();
      assertThatThrownBy(() -> extract(archive))
          .as(path)
          .isInstanceOf(CofferException.class)
          .hasMessageContaining("is refused")
          .extracting(e -> ((CofferException) e).errorCode())
          .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
      assertThat(everythingUnder(target)).as(path).isEmpty();
      assertThat(everythingUnder(work)).containsExactlyInAnyOrder("target", "target/inner");
    }
  }

  @Test
  void extract_withAbsolutePath_isRefusedAndWritesNothing() throws IOException {
    Path absolute = outside.resolve("abs.txt");
    byte[] archive =
        new CraftedArchive(fx.kms(), key).file(absolute.toString(), new byte[1]).finish();
    assertThatThrownBy(() -> extract(archive))
        .isInstanceOf(CofferException.class)
        .hasMessageContaining("absolute");
    assertThat(Files.exists(absolute)).isFalse();
    assertThat(everythingUnder(target)).isEmpty();
  }

  @Test
  void extract_withALinkPointingOut_isRefused() throws IOException {
    for (String link : List.of("../..", "../../outside", "/etc", "../a/../../x")) {
      byte[] archive =
          new CraftedArchive(fx.kms(), key).directory("a").symlink("a/l", link).finish();
      assertThatThrownBy(() -> extract(archive))
          .as(link)
          .isInstanceOf(CofferException.class)
          .hasMessageContaining("is refused");
      assertThat(everythingUnder(target)).as(link).isEmpty();
    }
  }

  @Test
  void extract_withAChainOfLinksThatClimbsOut_isRefusedAndUndone() throws IOException {
    // Each link stays inside on its own; followed through "d/up", "out" climbs above the target.
    byte[] archive =
        new CraftedArchive(fx.kms(), key)
            .directory("d")
            .symlink("d/up", "..")
            .symlink("out", "d/up/../outside")
            .file("f", new byte[] {1})
            .finish();
    assertThatThrownBy(() -> extract(archive))
        .isInstanceOf(CofferException.class)
        .hasMessageContaining("leads outside the target directory");
    assertThat(everythingUnder(target)).isEmpty();
  }

  @Test
  void extract_throughALinkInTheArchive_isRefused() throws IOException {
    // "l" is a link to "sub"; a later "l/x" must not be written through it.
    byte[] archive =
        new CraftedArchive(fx.kms(), key)
            .directory("sub")
            .symlink("l", "sub")
            .file("l/x", new byte[] {1})
            .finish();
    assertThatThrownBy(() -> extract(archive)).isInstanceOf(CofferException.class);
    assertThat(everythingUnder(target)).isEmpty();
  }

  @Test
  void extract_throughAnExistingLinkInTheTarget_isRefused() throws IOException {
    Files.createDirectories(outside);
    Files.createSymbolicLink(target.resolve("out"), outside);
    byte[] archive = fx.seal(key, List.of(Item.file("out/planted.txt", new byte[] {1})));
    assertThatThrownBy(() -> extract(archive))
        .isInstanceOf(CofferException.class)
        .hasMessageContaining("through the symbolic link");
    assertThat(everythingUnder(outside)).isEmpty();
    assertThat(everythingUnder(target)).containsExactly("out");
  }

  @Test
  void extract_ofAnExportedObjectWhoseKeyIsNoSafePath_isRefused() throws IOException {
    byte[] archive = new CraftedArchive(fx.kms(), key).object("../../x.csv", new byte[1]).finish();
    assertThatThrownBy(() -> extract(archive))
        .isInstanceOf(CofferException.class)
        .hasMessageContaining("coffer import");
    assertThat(everythingUnder(work)).containsExactlyInAnyOrder("target", "target/inner");
  }

  @Test
  void extract_whenALinkReplacesAFileAndTheArchiveFails_putsTheFileBack() throws IOException {
    Files.writeString(target.resolve("x"), "mine");
    byte[] archive =
        new CraftedArchive(fx.kms(), key)
            .directory("d")
            .symlink("x", "d")
            .symlink("d/up", "..")
            .symlink("y", "d/up/..")
            .finish();
    assertThatThrownBy(() -> extract(archive)).isInstanceOf(CofferException.class);
    assertThat(everythingUnder(target)).containsExactly("x");
    assertThat(Files.isSymbolicLink(target.resolve("x"))).isFalse();
    assertThat(Files.readString(target.resolve("x"))).isEqualTo("mine");
    assertThat(Files.exists(target.resolve("d"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void aFailureOfTheDisk_namesTheEntry_andLeavesNothing() throws IOException {
    byte[] archive =
        fx.seal(key, List.of(Item.directory("d"), Item.file("d/a.txt", random(100, 1))));
    ByteArrayInputStream in = new ByteArrayInputStream(archive);
    ArchiveKey opened = ArchiveKey.open(fx.kms(), ArchiveHeader.read(in), OpenOptions.defaults());
    ArchiveExtractor.Listener vanishing =
        new ArchiveExtractor.Listener() {
          @Override
          public InputStream entry(ArchiveEntry entry, InputStream data) {
            // The staged file disappears, as on a disk that fails under it.
            try (Stream<Path> staged = Files.list(target.resolve("d"))) {
              staged.forEach(p -> p.toFile().delete());
            } catch (IOException e) {
              // No directory yet: nothing staged.
            }
            return data;
          }
        };

    try (ArchiveReader reader = ArchiveReader.open(in, opened)) {
      assertThatThrownBy(() -> ArchiveExtractor.extract(reader, target, vanishing))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("cannot extract \"d/a.txt\": no such file or directory (");
    }
    assertThat(everythingUnder(target)).isEmpty();
  }
}
