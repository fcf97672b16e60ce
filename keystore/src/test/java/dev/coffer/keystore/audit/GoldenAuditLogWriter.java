package dev.coffer.keystore.audit;

import dev.coffer.keystore.AuditTesting;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.KeystoreFixture;
import dev.coffer.keystore.testing.MutableClock;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Writes the golden audit log of the current format version: a few events and digests, and the
 * public keys that verify them. Run once per new format version, never over an existing one:
 *
 * <pre>
 * java -cp ... dev.coffer.keystore.audit.GoldenAuditLogWriter keystore/src/test/resources/golden
 * </pre>
 */
public final class GoldenAuditLogWriter {
  private GoldenAuditLogWriter() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]).resolve("audit-v1");
    if (Files.exists(out)) {
      throw new IllegalStateException(out + " exists: golden files are never rewritten");
    }
    Path data = Files.createTempDirectory("coffer-golden-audit-");
    MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
    String pem;
    String json;
    try (Keystore ks =
        AuditTesting.builder(
                data,
                AuditTesting.logConfig(data)
                    .digestEvery(3, Duration.ofHours(1))
                    .hashContextKeys("email"))
            .clock(clock)
            .open()) {
      KeyService kms = ks.as(KeystoreFixture.ADMIN);
      String keyId =
          kms.createKey(CreateKeyRequest.builder().description("golden").build()).keyId();
      kms.createAlias("alias/golden", keyId);
      for (int i = 0; i < 4; i++) {
        clock.advance(Duration.ofMinutes(1));
        kms.generateDataKey(
                GenerateDataKeyRequest.of(
                    "alias/golden",
                    EncryptionContext.of("email", "user" + i + "@example.com")
                        .with("tenant", "acme")))
            .close();
      }
      try {
        ks.as(KeystoreFixture.BOB).describeKey(keyId);
      } catch (RuntimeException expected) {
        // recorded as a denial
      }
      pem = ks.auditLog().orElseThrow().publicKeyPem();
      json = ks.auditLog().orElseThrow().publicKeysetJson();
    }
    Files.createDirectories(out);
    try (Stream<Path> files = Files.list(data.resolve("audit"))) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().endsWith(".log")) {
          Files.copy(f, out.resolve(f.getFileName()));
        }
      }
    }
    Files.writeString(out.resolve("public.pem"), pem, StandardCharsets.US_ASCII);
    Files.writeString(out.resolve("public.json"), json, StandardCharsets.UTF_8);
    AuditHead head = AuditTesting.rememberedHead(data.resolve("keystore")).orElseThrow();
    VerificationReport report = AuditLog.verifyCopy(out, pem, java.util.Optional.of(head));
    Properties p = new Properties();
    p.setProperty("head", head.toString());
    p.setProperty("events", Long.toString(report.events()));
    p.setProperty("digests", Long.toString(report.digests()));
    try (OutputStream o = Files.newOutputStream(out.resolve("expected.properties"))) {
      p.store(o, "golden audit log, format v1: must verify forever");
    }
  }
}
