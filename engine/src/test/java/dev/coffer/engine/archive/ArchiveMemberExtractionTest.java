package dev.coffer.engine.archive;

import static dev.coffer.engine.archive.ArchiveFixture.SEGMENT;
import static dev.coffer.engine.archive.ArchiveFixture.TIME;
import static dev.coffer.engine.archive.ArchiveFixture.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.engine.archive.ArchiveFixture.Item;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * Extracting some members: only what they name (and the directories on the way) is placed, and only
 * once the whole archive has authenticated, as for a whole extraction.
 */
class ArchiveMemberExtractionTest {
  @TempDir Path keystoreDir;
  @TempDir Path target;
  ArchiveFixture fx;
  String key;
  byte[] big;
  byte[] archive;

  @BeforeEach
  void setUp() throws IOException {
    fx = new ArchiveFixture(keystoreDir);
    key = fx.createKey();
    big = random(5 * SEGMENT + 7, 9);
    archive =
        fx.seal(
            key,
            List.of(
                Item.directory("docs"),
                Item.directory("docs/guide"),
                Item.file("docs/guide/a.md", bytes("a")),
                Item.file("docs/guide/b.md", bytes("b")),
                Item.file("docs/index.md", bytes("index")),
                Item.directory("docs2"),
                Item.file("docs2/c.md", bytes("c")),
                Item.file("big.bin", big),
                Item.symlink("latest", "docs/index.md")));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private ArchiveSummary extract(byte[] archive, String... members) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(archive);
    ArchiveKey opened = ArchiveKey.open(fx.kms(), ArchiveHeader.read(in), OpenOptions.defaults());
    try (ArchiveReader reader = ArchiveReader.open(in, opened)) {
      return ArchiveExtractor.extract(
          reader, target, EntrySelection.of(List.of(members)), new ArchiveExtractor.Listener() {});
    }
  }

  private List<String> everythingUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).toList();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void extract_withADirectoryMember_placesItsWholeSubtree_andNothingElse() throws IOException {
    ArchiveSummary summary = extract(archive, "docs/guide/");

    assertThat(everythingUnder(target))
        .containsExactlyInAnyOrder("docs", "docs/guide", "docs/guide/a.md", "docs/guide/b.md");
    assertThat(summary).isEqualTo(new ArchiveSummary(3, 2));
  }

  @Test
  void extract_withAFileMember_createsTheDirectoriesOnTheWay_withTheArchivesModesAndTimes()
      throws IOException {
    ArchiveSummary summary = extract(archive, "docs/guide/a.md");

    assertThat(everythingUnder(target))
        .containsExactlyInAnyOrder("docs", "docs/guide", "docs/guide/a.md");
    assertThat(summary).isEqualTo(new ArchiveSummary(1, 1));
    for (String dir : List.of("docs", "docs/guide")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve(dir))))
          .as(dir)
          .isEqualTo("rwxr-x---");
      assertThat(Files.getLastModifiedTime(target.resolve(dir))).isEqualTo(FileTime.from(TIME));
    }
  }

  @Test
  void extract_withAFileMember_leavesTheModeAndTimeOfAnExistingDirectoryOnTheWayAlone()
      throws IOException {
    Path docs = Files.createDirectory(target.resolve("docs"));
    Files.setPosixFilePermissions(docs, PosixFilePermissions.fromString("rwx------"));
    FileTime before = Files.getLastModifiedTime(docs);

    extract(archive, "docs/guide/a.md");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(docs)))
        .isEqualTo("rwx------");
    assertThat(Files.getLastModifiedTime(docs)).isNotEqualTo(FileTime.from(TIME));
    assertThat(before).isNotEqualTo(FileTime.from(TIME));
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(target.resolve("docs/guide"))))
        .isEqualTo("rwxr-x---");
  }

  @Test
  void extract_withAMemberThatIsOnlyTheStartOfAName_doesNotSelectLongerNames() {
    assertThatThrownBy(() -> extract(archive, "doc"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("not in the archive: \"doc\" (no entry has that path or lies under it)");
  }

  @Test
  void extract_withSeveralMembers_placesEachOne_linksIncluded() throws IOException {
    ArchiveSummary summary = extract(archive, "big.bin", "latest", "docs/index.md", "docs2");

    assertThat(everythingUnder(target))
        .containsExactlyInAnyOrder(
            "big.bin", "latest", "docs", "docs/index.md", "docs2", "docs2/c.md");
    assertThat(Files.readAllBytes(target.resolve("big.bin"))).isEqualTo(big);
    assertThat(Files.readString(target.resolve("latest"))).isEqualTo("index");
    assertThat(summary).isEqualTo(new ArchiveSummary(5, big.length + 6));
  }

  @Test
  void extract_withAMemberNotInTheArchive_failsAndLeavesNothing() throws IOException {
    assertThatThrownBy(() -> extract(archive, "docs/guide", "docs/nope.md", "gone"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "not in the archive: \"docs/nope.md\", \"gone\" (no entry has those paths or lies"
                + " under them)");
    assertThat(everythingUnder(target)).isEmpty();
  }

  @Test
  void extract_ofMembersFromATruncatedArchive_failsAsAnIntegrityFailureAndLeavesNothing()
      throws IOException {
    // The member's entries all come before the cut: still nothing is placed.
    byte[] truncated = Arrays.copyOf(archive, archive.length - SEGMENT);

    assertThatThrownBy(() -> extract(truncated, "docs"))
        .isInstanceOf(CofferException.class)
        .extracting(e -> ((CofferException) e).errorCode())
        .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    assertThat(everythingUnder(target)).isEmpty();
  }

  @Test
  void extract_withNoMembers_placesEverything_andReturnsTheArchivesOwnCounts() throws IOException {
    assertThat(extract(archive)).isEqualTo(new ArchiveSummary(9, big.length + 8));
    assertThat(everythingUnder(target)).hasSize(9);
  }
}
