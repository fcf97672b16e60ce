package dev.coffer.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.Coffer;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.archive.GoldenExportWriter.GoldenObject;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.testing.GoldenDirectory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bucket export of archive format version 1 must import forever: object keys that are no file
 * paths, content types, user metadata and caller context come back with the bytes.
 */
class GoldenExportTest {
  @TempDir Path dir;
  Properties expected;
  byte[] archive;

  @BeforeEach
  void copyGolden() throws Exception {
    expected = GoldenDirectory.copy("export-v1", dir);
    archive = Files.readAllBytes(dir.resolve("export-v1.coffer"));
  }

  @Test
  void goldenExport_headerNamesTheBucketAndTheTimeOfExport() throws Exception {
    ArchiveHeader header = ArchiveHeader.read(new ByteArrayInputStream(archive));
    assertThat(header.formatVersion()).isEqualTo(1);
    assertThat(header.exportedBucket()).contains("golden");
    assertThat(header.created()).isEqualTo(GoldenExportWriter.CREATED);
    assertThat(header.recipients())
        .containsExactly(new ArchiveRecipient(expected.getProperty("keyArn"), 1));
  }

  @Test
  void goldenExport_importsEveryObjectWithItsMetadataAndContext() throws Exception {
    try (Coffer coffer = Coffer.builder(dir.resolve("data")).warmUpCrypto(false).open()) {
      ObjectStore s3 = coffer.as(ArchiveFixture.ROOT);
      s3.createBucket(
          CreateBucketRequest.of(
              "restored", new BucketEncryption(expected.getProperty("keyArn"), false)));
      BucketImporter.Result result;
      try (InputStream in = new ByteArrayInputStream(archive)) {
        ArchiveKey key =
            ArchiveKey.open(
                coffer.keystore().as(ArchiveFixture.ROOT),
                ArchiveHeader.read(in),
                OpenOptions.defaults());
        try (ArchiveReader reader = ArchiveReader.open(in, key)) {
          result =
              BucketImporter.importInto(reader, s3, "restored", new BucketImporter.Listener() {});
        }
      }
      assertThat(result.objects()).isEqualTo(GoldenExportWriter.objects().size());
      for (GoldenObject o : GoldenExportWriter.objects()) {
        try (ObjectContent c =
            s3.getObject(
                GetObjectRequest.of("restored", o.key())
                    .expectingContext(EncryptionContext.of(o.context())))) {
          assertThat(c.readAllBytes()).as(o.key()).isEqualTo(o.data());
          assertThat(c.info().contentType()).as(o.key()).isEqualTo(o.contentType());
          assertThat(c.info().userMetadata()).as(o.key()).isEqualTo(o.metadata());
        }
      }
    }
  }
}
