package dev.coffer.keystore.audit;

import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.AuditTesting;
import dev.coffer.keystore.Ciphertext;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.DecryptRequest;
import dev.coffer.keystore.EncryptRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.KeystoreFixture;
import dev.coffer.keystore.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A small, closed data directory whose log holds a realistic trail: allowed, denied and failed
 * calls, with a digest every four events and one on close. Tests copy it and then tamper with the
 * copy.
 */
final class SampleLog {
  static final EncryptionContext CONTEXT = EncryptionContext.of("tenant", "acme");

  final Path data;
  final String publicKeyPem;
  final String publicKeysetJson;
  final AuditHead head;
  final String keyId;

  private SampleLog(Path data, String pem, String json, AuditHead head, String keyId) {
    this.data = data;
    this.publicKeyPem = pem;
    this.publicKeysetJson = json;
    this.head = head;
    this.keyId = keyId;
  }

  static Keystore.Builder builder(Path data, MutableClock clock) {
    return AuditTesting.builder(
            data, AuditTesting.logConfig(data).digestEvery(4, Duration.ofHours(1)))
        .clock(clock);
  }

  static SampleLog create(Path data) throws Exception {
    MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    String pem;
    String json;
    String keyId;
    try (Keystore ks = builder(data, clock).open()) {
      KeyService admin = ks.as(KeystoreFixture.ADMIN);
      KeyMetadata key = admin.createKey(CreateKeyRequest.builder().description("sample").build());
      keyId = key.keyId();
      admin.createAlias("alias/sample", keyId);
      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofSeconds(1));
        admin.generateDataKey(GenerateDataKeyRequest.of("alias/sample", CONTEXT)).close();
      }
      Ciphertext ct = admin.encrypt(EncryptRequest.of(keyId, new byte[] {7}, CONTEXT));
      admin.decrypt(DecryptRequest.of(ct, CONTEXT)).close();
      ignore(() -> ks.as(KeystoreFixture.BOB).describeKey(keyId));
      admin.disableKey(keyId);
      ignore(() -> admin.generateDataKey(GenerateDataKeyRequest.of(keyId, CONTEXT)).close());
      admin.enableKey(keyId);
      admin.describeKey(keyId);
      pem = ks.auditLog().orElseThrow().publicKeyPem();
      json = ks.auditLog().orElseThrow().publicKeysetJson();
    }
    AuditHead head = AuditTesting.rememberedHead(data.resolve("keystore")).orElseThrow();
    return new SampleLog(data, pem, json, head, keyId);
  }

  private static void ignore(Runnable call) {
    try {
      call.run();
    } catch (AccessDeniedException e) {
      // expected: recorded as a denial
    } catch (CofferException e) {
      // expected: recorded as an error
    }
  }

  Path audit() {
    return data.resolve("audit");
  }

  /** Verifies the log in {@code data} as an outside auditor would. */
  VerificationReport verifyCopy(Path copy) {
    return AuditLog.verifyCopy(copy.resolve("audit"), publicKeyPem, Optional.of(head));
  }

  /** A fresh copy of the whole data directory. */
  Path copyTo(Path target) throws IOException {
    copyTree(data, target);
    return target;
  }

  /** SHA-256 of every regular file in {@code dir}, by name: to show a directory unchanged. */
  static Map<Path, String> fingerprints(Path dir) throws Exception {
    Map<Path, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(
            f.getFileName(),
            HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
      }
    }
    return out;
  }

  static void copyTree(Path from, Path to) throws IOException {
    deleteTree(to);
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
