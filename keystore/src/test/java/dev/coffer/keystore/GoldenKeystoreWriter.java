package dev.coffer.keystore;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Writes the golden keystores of the current format version into a directory. Run once per new
 * format version (never to overwrite an existing one):
 *
 * <pre>
 * java -cp ... dev.coffer.keystore.GoldenKeystoreWriter keystore/src/test/resources/golden
 * </pre>
 */
public final class GoldenKeystoreWriter {
  static final String CREATED_AT = "2026-11-23T12:00:00Z";
  static final EncryptionContext CONTEXT =
      EncryptionContext.of(
          java.util.Map.of("aws:s3:arn", "arn:aws:s3:::golden/object", "tenant", "acme"));
  static final byte[] PLAINTEXT =
      "golden data key, format v1 ....".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private GoldenKeystoreWriter() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    write(root.resolve("keystore-v1-keyfile"), null);
    write(
        root.resolve("keystore-v1-passphrase"),
        RootKeyProvider.passphrase("golden".toCharArray(), 10_000));
  }

  private static void write(Path dir, RootKeyProvider provider) throws Exception {
    if (Files.exists(dir)) {
      throw new IllegalStateException(dir + " exists: golden files are never rewritten");
    }
    dev.coffer.keystore.testing.MutableClock clock =
        dev.coffer.keystore.testing.MutableClock.at(CREATED_AT);
    Keystore.Builder b = Keystore.builder(dir).clock(clock);
    if (provider != null) {
      b.rootKey(provider);
    }
    Properties expected = new Properties();
    try (Keystore ks = b.open()) {
      KeyService kms = ks.as(KeystoreFixture.ADMIN);
      KeyMetadata main =
          kms.createKey(
              CreateKeyRequest.builder().description("golden main").tag("format", "v1").build());
      kms.createAlias("alias/golden", main.keyId());
      Ciphertext v1 = kms.encrypt(EncryptRequest.of(main.keyId(), PLAINTEXT, CONTEXT));
      clock.advance(Duration.ofHours(1));
      kms.rotateKeyOnDemand(main.keyId());
      kms.enableKeyRotation(main.keyId(), 365);
      Ciphertext v2 = kms.encrypt(EncryptRequest.of(main.keyId(), PLAINTEXT, CONTEXT));
      KeyMetadata retired =
          kms.createKey(CreateKeyRequest.builder().description("retired v1").build());
      Ciphertext retiredV1 = kms.encrypt(EncryptRequest.of(retired.keyId(), PLAINTEXT, CONTEXT));
      kms.rotateKeyOnDemand(retired.keyId());
      kms.updateMinDecryptionVersion(retired.keyId(), 2);
      kms.destroyKeyVersion(retired.keyId(), 1);
      KeyMetadata disabled =
          kms.createKey(CreateKeyRequest.builder().description("disabled").build());
      kms.disableKey(disabled.keyId());
      KeyMetadata pending =
          kms.createKey(CreateKeyRequest.builder().description("pending").build());
      kms.scheduleKeyDeletion(pending.keyId(), 30);
      expected.setProperty("mainKeyId", main.keyId());
      expected.setProperty("retiredKeyId", retired.keyId());
      expected.setProperty("disabledKeyId", disabled.keyId());
      expected.setProperty("pendingKeyId", pending.keyId());
      expected.setProperty("blobV1", Base64.getEncoder().encodeToString(v1.blob()));
      expected.setProperty("blobV2", Base64.getEncoder().encodeToString(v2.blob()));
      expected.setProperty(
          "blobDestroyedVersion", Base64.getEncoder().encodeToString(retiredV1.blob()));
      expected.setProperty("plaintextHex", HexFormat.of().formatHex(PLAINTEXT));
      expected.setProperty("generation", Long.toString(ks.generation()));
      expected.setProperty("clock", clock.instant().toString());
    }
    Files.deleteIfExists(dir.resolve("LOCK"));
    try (OutputStream out = Files.newOutputStream(dir.resolve("expected.properties"))) {
      expected.store(out, "facts about this golden keystore, checked by GoldenKeystoreTest");
    }
  }
}
