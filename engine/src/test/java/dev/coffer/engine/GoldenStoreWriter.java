package dev.coffer.engine;

import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.testing.MutableClock;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Writes a golden data directory for the current object record format. Run once per new format
 * version (never over an existing one), naming the version the objects' metadata records:
 *
 * <pre>
 * java -cp ... dev.coffer.engine.GoldenStoreWriter engine/src/test/resources/golden/store-v2 v2
 * </pre>
 *
 * <p>store-v1 was written before small objects were kept in their records: all six objects have
 * chunks rows. In store-v2 the empty and small ones are inline (record format version 2).
 */
public final class GoldenStoreWriter {
  static final int SEGMENT = 16 * 1024;

  private GoldenStoreWriter() {}

  static byte[] contents(String name) {
    return switch (name) {
      case "empty" -> new byte[0];
      case "small" -> "small golden object".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      default -> ObjectRoundTripTest.random(2 * SEGMENT + 77, 2026);
    };
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String format = args[1];
    if (Files.exists(dir)) {
      throw new IllegalStateException(dir + " exists: golden files are never rewritten");
    }
    Properties expected = new Properties();
    try (Coffer coffer =
        Coffer.builder(dir)
            .segmentSize(SEGMENT)
            .warmUpCrypto(false)
            .clock(MutableClock.at("2026-11-23T12:00:00Z"))
            .open()) {
      Principal root = Principal.accountRoot(Keystore.DEFAULT_ACCOUNT);
      KeyService kms = coffer.keystore().as(root);
      KeyMetadata key =
          kms.createKey(CreateKeyRequest.builder().description("golden object key").build());
      ObjectStore s3 = coffer.as(root);
      s3.createBucket(CreateBucketRequest.of("direct", new BucketEncryption(key.arn(), false)));
      s3.createBucket(CreateBucketRequest.of("keyed", new BucketEncryption(key.arn(), true)));
      for (String bucket : new String[] {"direct", "keyed"}) {
        for (String name : new String[] {"empty", "small", "large"}) {
          s3.putObject(
              PutObjectRequest.builder(bucket, "golden/" + name)
                  .contentType("application/x-golden")
                  .userMetadata("format", format)
                  .encryptionContext(EncryptionContext.of("tenant", "golden"))
                  .build(),
              contents(name));
        }
      }
      expected.setProperty("keyArn", key.arn());
      expected.setProperty(
          "largeSha",
          HexFormat.of()
              .formatHex(
                  java.security.MessageDigest.getInstance("SHA-256").digest(contents("large"))));
    }
    Files.deleteIfExists(dir.resolve("keystore/LOCK"));
    try (OutputStream out = Files.newOutputStream(dir.resolve("expected.properties"))) {
      expected.store(out, "facts about this golden data directory, checked by GoldenStoreTest");
    }
  }
}
