package dev.coffer.engine.archive;

import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;

/**
 * Writes the golden archive of archive format version 1 and the keystore that opens it. Run once
 * per new format version (never over an existing one):
 *
 * <pre>java -cp ... dev.coffer.engine.archive.GoldenArchiveWriter
 * engine/src/test/resources/golden/archive-v1</pre>
 */
public final class GoldenArchiveWriter {
  static final Instant CREATED = Instant.parse("2026-11-24T09:30:00Z");
  static final String[] FILES = {
    "golden/empty", "golden/small.txt", "golden/ünïcödé ✓.txt", "golden/large.bin"
  };

  private GoldenArchiveWriter() {}

  static byte[] contents(String path) {
    return switch (path) {
      case "golden/empty" -> new byte[0];
      case "golden/small.txt" -> "small golden file\n".getBytes(StandardCharsets.US_ASCII);
      case "golden/ünïcödé ✓.txt" -> "ünïcödé ✓\n".getBytes(StandardCharsets.UTF_8);
      default -> ArchiveFixture.random(5 * ArchiveSpec.DEFAULT_SEGMENT_SIZE + 77, 2026);
    };
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    if (Files.exists(dir)) {
      throw new IllegalStateException(dir + " exists: golden files are never rewritten");
    }
    Properties expected = new Properties();
    try (Keystore keystore =
        Keystore.builder(dir.resolve("keystore"))
            .createIfMissing(true)
            .clock(MutableClock.at("2026-11-24T09:00:00Z"))
            .open()) {
      KeyService kms = keystore.as(ArchiveFixture.ROOT);
      String key =
          kms.createKey(CreateKeyRequest.builder().description("golden archive key").build()).arn();
      String recovery =
          kms.createKey(CreateKeyRequest.builder().description("golden recovery key").build())
              .arn();
      ArchiveKey archiveKey =
          ArchiveKey.create(
              kms,
              ArchiveSpec.builder(key)
                  .encryptionContext(ArchiveFixture.context("purpose", "golden"))
                  .recipient(recovery)
                  .created(CREATED)
                  .build());
      try (OutputStream out = Files.newOutputStream(dir.resolve("archive-v1.coffer"));
          ArchiveWriter writer = ArchiveWriter.start(out, archiveKey)) {
        writer.add(ArchiveEntry.directory("golden", 0755, CREATED));
        for (String path : FILES) {
          writer.addFile(
              ArchiveEntry.file(path, 0644, CREATED), new ByteArrayInputStream(contents(path)));
        }
        writer.add(ArchiveEntry.symlink("golden/link", "small.txt", CREATED));
        writer.finish();
      }
      expected.setProperty("keyArn", key);
      expected.setProperty("recoveryArn", recovery);
    }
    try (OutputStream out = Files.newOutputStream(dir.resolve("expected.properties"))) {
      expected.store(out, "facts about this golden archive, checked by GoldenArchiveTest");
    }
  }
}
