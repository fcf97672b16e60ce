package dev.coffer.engine.archive;

import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.Coffer;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.testing.MutableClock;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Writes the golden bucket export of archive format version 1 (entries of objects: key, content
 * type, user metadata and caller context, beside the bytes) with the data directory that wrote it.
 * Run once per new format version, never over an existing one:
 *
 * <pre>java -cp ... dev.coffer.engine.archive.GoldenExportWriter
 * engine/src/test/resources/golden/export-v1</pre>
 */
public final class GoldenExportWriter {
  static final Instant CREATED = Instant.parse("2026-11-24T21:00:00Z");

  /** One exported object, as it must come back from an import. */
  record GoldenObject(
      String key,
      byte[] data,
      String contentType,
      Map<String, String> metadata,
      Map<String, String> context) {}

  static List<GoldenObject> objects() {
    return List.of(
        new GoldenObject("empty", new byte[0], "binary/octet-stream", Map.of(), Map.of()),
        new GoldenObject(
            "docs/ünï ✓.txt",
            "golden export\n".getBytes(StandardCharsets.UTF_8),
            "text/plain; charset=utf-8",
            Map.of("owner", "ann", "format", "v1"),
            Map.of("tenant", "acme")),
        new GoldenObject(
            "../not-a-path",
            "an object key, not a file path".getBytes(StandardCharsets.US_ASCII),
            "text/plain",
            Map.of(),
            Map.of("tenant", "acme", "purpose", "golden")),
        new GoldenObject(
            "large.bin",
            ArchiveFixture.random(3 * ArchiveSpec.DEFAULT_SEGMENT_SIZE + 5, 2027),
            "application/x-golden",
            Map.of("k", ""),
            Map.of()));
  }

  private GoldenExportWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    if (Files.exists(dir)) {
      throw new IllegalStateException(dir + " exists: golden files are never rewritten");
    }
    Properties expected = new Properties();
    try (Coffer coffer =
        Coffer.builder(dir.resolve("data"))
            .warmUpCrypto(false)
            .clock(MutableClock.at("2026-11-24T20:00:00Z"))
            .open()) {
      var kms = coffer.keystore().as(ArchiveFixture.ROOT);
      String key =
          kms.createKey(CreateKeyRequest.builder().description("golden export key").build()).arn();
      ObjectStore s3 = coffer.as(ArchiveFixture.ROOT);
      s3.createBucket(CreateBucketRequest.of("golden", new BucketEncryption(key, true)));
      for (GoldenObject o : objects()) {
        PutObjectRequest.Builder put =
            PutObjectRequest.builder("golden", o.key())
                .contentType(o.contentType())
                .encryptionContext(EncryptionContext.of(o.context()));
        o.metadata().forEach(put::userMetadata);
        s3.putObject(put.build(), o.data());
      }
      ArchiveKey archiveKey =
          ArchiveKey.create(kms, BucketExporter.spec(key, "golden").created(CREATED).build());
      try (OutputStream out = Files.newOutputStream(dir.resolve("export-v1.coffer"));
          ArchiveWriter writer = ArchiveWriter.start(out, archiveKey)) {
        BucketExporter.export(s3, "golden", writer, new BucketExporter.Listener() {});
      }
      expected.setProperty("keyArn", key);
    }
    for (String lock : new String[] {"keystore/LOCK", "audit/LOCK", "db/LOCK"}) {
      Files.deleteIfExists(dir.resolve("data").resolve(lock));
    }
    try (OutputStream out = Files.newOutputStream(dir.resolve("expected.properties"))) {
      expected.store(out, "facts about this golden export, checked by GoldenExportTest");
    }
  }
}
