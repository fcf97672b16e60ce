package dev.coffer.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.engine.archive.ArchiveFixture.Item;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.testing.GoldenDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive written by format version 1 (by {@link GoldenArchiveWriter}, with the keystore that
 * holds its keys) must open and read back forever, through its key and through its recovery key.
 */
class GoldenArchiveTest {
  @TempDir Path dir;
  Properties expected = new Properties();
  byte[] archive;

  @BeforeEach
  void copyGoldenFiles() throws Exception {
    expected = GoldenDirectory.copy("archive-v1", dir);
    archive = Files.readAllBytes(dir.resolve("archive-v1.coffer"));
  }

  @Test
  void goldenArchive_isTheFileThatWasWritten() throws Exception {
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)))
        .isEqualTo(expected.getProperty("archiveSha256"));
  }

  @Test
  void goldenArchive_opensAndEveryEntryReadsBack() throws Exception {
    List<Item> want = new ArrayList<>();
    want.add(new Item(ArchiveEntry.directory("golden", 0755, GoldenArchiveWriter.CREATED), null));
    for (String path : GoldenArchiveWriter.FILES) {
      want.add(
          new Item(
              ArchiveEntry.file(path, 0644, GoldenArchiveWriter.CREATED),
              GoldenArchiveWriter.contents(path)));
    }
    want.add(
        new Item(
            ArchiveEntry.symlink("golden/link", "small.txt", GoldenArchiveWriter.CREATED), null));
    try (Keystore keystore =
        Keystore.builder(dir.resolve("keystore")).createIfMissing(false).open()) {
      var kms = keystore.as(ArchiveFixture.ROOT);
      assertThat(
              ArchiveFixture.read(
                  kms,
                  archive,
                  OpenOptions.defaults()
                      .expectingContext(ArchiveFixture.context("purpose", "golden"))))
          .containsExactlyElementsOf(want);
      kms.disableKey(expected.getProperty("keyArn"));
      assertThat(
              ArchiveFixture.read(
                  kms,
                  archive,
                  OpenOptions.defaults().tryingKeys(List.of(expected.getProperty("recoveryArn")))))
          .containsExactlyElementsOf(want);
    }
  }

  @Test
  void goldenArchive_headerSaysWhatItWasWrittenWith() throws Exception {
    ArchiveHeader header = ArchiveHeader.read(new java.io.ByteArrayInputStream(archive));
    assertThat(header.formatVersion()).isEqualTo(1);
    assertThat(header.segmentSize()).isEqualTo(4096);
    assertThat(header.created()).isEqualTo(GoldenArchiveWriter.CREATED);
    assertThat(header.createdBy()).isEqualTo(ArchiveFixture.ROOT.name());
    assertThat(header.encryptionContext()).isEqualTo(ArchiveFixture.context("purpose", "golden"));
    assertThat(header.recipients())
        .containsExactly(
            new ArchiveRecipient(expected.getProperty("keyArn"), 1),
            new ArchiveRecipient(expected.getProperty("recoveryArn"), 1));
  }
}
