package dev.coffer.keystore.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.AuditTesting;
import dev.coffer.keystore.Ciphertext;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.EncryptRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.KeystoreFixture;
import dev.coffer.keystore.ReEncryptRequest;
import dev.coffer.keystore.internal.audit.LogFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chosen context keys are kept only as Vault-style HMACs under a keystore-held key; an auditor who
 * knows a value computes its HMAC with the log and finds the records.
 */
class AuditHashedContextTest {
  @TempDir Path dir;

  private Keystore open() {
    return AuditTesting.builder(dir, AuditTesting.logConfig(dir).hashContextKeys("email")).open();
  }

  @Test
  void hashedValues_areHmacs_searchableByValue_andStableAcrossReopens() throws Exception {
    EncryptionContext alice =
        EncryptionContext.of(Map.of("email", "alice@example.com", "tenant", "acme"));
    EncryptionContext bob =
        EncryptionContext.of(Map.of("email", "bob@example.com", "tenant", "acme"));
    String hmac;
    try (Keystore ks = open()) {
      KeyService kms = ks.as(KeystoreFixture.ADMIN);
      String keyId = kms.createKey(CreateKeyRequest.defaults()).keyId();
      kms.generateDataKey(GenerateDataKeyRequest.of(keyId, alice)).close();
      kms.generateDataKey(GenerateDataKeyRequest.of(keyId, bob)).close();
      Ciphertext ct = kms.encrypt(EncryptRequest.of(keyId, new byte[] {1}, alice));
      kms.reEncrypt(
          ReEncryptRequest.builder()
              .ciphertextBlob(ct.blob())
              .sourceEncryptionContext(alice)
              .destinationKeyId(keyId)
              .destinationEncryptionContext(bob)
              .build());
      AuditLog log = ks.auditLog().orElseThrow();
      hmac = log.hmac("alice@example.com");
      assertThat(hmac).matches("hmac-sha256:[0-9a-f]{64}");
      var records = log.query(AuditQuery.all()).records();
      long aliceRecords =
          records.stream()
              .filter(
                  r ->
                      hmac.equals(r.encryptionContext().get("email"))
                          || hmac.equals(r.sourceEncryptionContext().get("email")))
              .count();
      assertThat(aliceRecords).isEqualTo(3);
      records.forEach(
          r -> {
            assertThat(r.encryptionContext().getOrDefault("email", "hmac-sha256:"))
                .startsWith("hmac-sha256:");
            assertThat(r.sourceEncryptionContext().getOrDefault("email", "hmac-sha256:"))
                .startsWith("hmac-sha256:");
            if (!r.encryptionContext().isEmpty()) {
              assertThat(r.encryptionContext()).containsEntry("tenant", "acme");
            }
          });
    }
    for (Path segment : LogFiles.segments(dir.resolve("audit"))) {
      String bytes = new String(Files.readAllBytes(segment), StandardCharsets.ISO_8859_1);
      assertThat(bytes).doesNotContain("alice@example.com").doesNotContain("bob@example.com");
    }
    try (Keystore ks = open()) {
      assertThat(ks.auditLog().orElseThrow().hmac("alice@example.com")).isEqualTo(hmac);
    }
  }
}
