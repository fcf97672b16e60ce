package dev.coffer.keystore.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.SignatureConfig;
import dev.coffer.format.v1.KeystoreState;
import dev.coffer.keystore.AuditTesting;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.KeystoreFixture;
import dev.coffer.keystore.internal.audit.LogFiles;
import dev.coffer.keystore.internal.store.StoredState;
import dev.coffer.keystore.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Digests are signed every N events, after T, at each roll and on close; their head is anchored in
 * the keystore; the public key exports verify them without secrets, in Tink and in plain JDK code;
 * and no secret reaches the log.
 */
class AuditDigestTest {
  @TempDir Path dir;
  MutableClock clock = MutableClock.at("2026-04-01T00:00:00Z");

  private Keystore open(AuditLogConfig.Builder log) {
    return AuditTesting.builder(dir, log).clock(clock).open();
  }

  private static void events(Keystore ks, int n) {
    KeyService kms = ks.as(KeystoreFixture.ADMIN);
    String key = kms.createKey(CreateKeyRequest.defaults()).keyId();
    for (int i = 1; i < n; i++) {
      kms.describeKey(key);
    }
  }

  @Test
  void aDigestEveryNEvents_andOneOnClose_anchoredInTheKeystore() throws Exception {
    try (Keystore ks = open(AuditTesting.logConfig(dir).digestEvery(5, Duration.ofHours(1)))) {
      events(ks, 12);
      VerificationReport report = ks.auditLog().orElseThrow().verify();
      assertThat(report.digests()).isEqualTo(2);
      assertThat(report.unsignedRecords()).isEqualTo(2);
    }
    List<LogFiles.Frame> frames = LogFiles.frames(dir.resolve("audit"));
    assertThat(frames)
        .extracting(LogFiles.Frame::digest)
        .containsExactly(
            false, false, false, false, false, true, false, false, false, false, false, true, false,
            false, true);
    AuditHead head = AuditTesting.rememberedHead(dir.resolve("keystore")).orElseThrow();
    assertThat(head.sequence()).as("the close digest").isEqualTo(15);
  }

  @Test
  void aDigestOnceEventsHaveWaitedTheInterval_anchoredSoonAfter() throws Exception {
    try (Keystore ks = open(AuditTesting.logConfig(dir).digestEvery(1000, Duration.ofMillis(50)))) {
      events(ks, 3);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      Optional<AuditHead> head = Optional.empty();
      while (head.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
        head = AuditTesting.rememberedHead(dir.resolve("keystore"));
      }
      assertThat(head).as("the interval digest's head reached the keystore").isPresent();
      assertThat(head.get().sequence()).isEqualTo(4);
      assertThat(ks.auditLog().orElseThrow().verify().digests()).isEqualTo(1);
    }
  }

  @Test
  void bothPublicKeyExports_verifyACopyWithoutSecrets() throws Exception {
    AuditLog log;
    String pem;
    String json;
    try (Keystore ks = open(AuditTesting.logConfig(dir).digestEvery(3, Duration.ofHours(1)))) {
      events(ks, 10);
      log = ks.auditLog().orElseThrow();
      pem = log.publicKeyPem();
      json = log.publicKeysetJson();
    }
    Optional<AuditHead> head = AuditTesting.rememberedHead(dir.resolve("keystore"));
    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n");
    assertThat(json).contains("type.googleapis.com/google.crypto.tink.Ed25519PublicKey");
    for (String key : List.of(pem, json)) {
      VerificationReport report = AuditLog.verifyCopy(dir.resolve("audit"), key, head);
      assertThat(report.intact()).as(report.summary()).isTrue();
      assertThat(report.digests()).isEqualTo(4);
    }
  }

  @Test
  void digestSignatures_arePlainEd25519_thatTheJdkVerifiesWithThePem() throws Exception {
    String pem;
    try (Keystore ks = open(AuditTesting.logConfig(dir).digestEvery(3, Duration.ofHours(1)))) {
      events(ks, 4);
      pem = ks.auditLog().orElseThrow().publicKeyPem();
    }
    byte[] der =
        Base64.getMimeDecoder()
            .decode(
                pem.replace("-----BEGIN PUBLIC KEY-----", "")
                    .replace("-----END PUBLIC KEY-----", ""));
    PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    int verified = 0;
    for (LogFiles.Frame f : LogFiles.frames(dir.resolve("audit"))) {
      if (f.digest()) {
        Signature sig = Signature.getInstance("Ed25519");
        sig.initVerify(key);
        sig.update("coffer/v1/audit-digest".getBytes(StandardCharsets.US_ASCII));
        sig.update(f.record().getDigest().getStatement().toByteArray());
        assertThat(sig.verify(f.record().getDigest().getSignature().toByteArray())).isTrue();
        verified++;
      }
    }
    assertThat(verified).isEqualTo(2);
  }

  @Test
  void theSigningKeyAndHmacKey_neverReachTheLog_orAnyText() throws Exception {
    String text;
    try (Keystore ks =
        open(
            AuditTesting.logConfig(dir).digestEvery(2, Duration.ofHours(1)).hashContextKeys("x"))) {
      events(ks, 5);
      ks.as(KeystoreFixture.ADMIN)
          .generateDataKey(
              GenerateDataKeyRequest.of(
                  ks.as(KeystoreFixture.ADMIN).listKeys().get(0).keyId(),
                  EncryptionContext.of("x", "secret-ish")))
          .close();
      AuditLog log = ks.auditLog().orElseThrow();
      text = log + " " + log.head() + " " + log.verify() + " " + ks;
    }
    KeystoreState state =
        StoredState.read(
            dir.resolve("keystore"),
            dev.coffer.keystore.AuditTesting.rootKeySource(dir.resolve("keystore")));
    SignatureConfig.register();
    KeysetHandle handle =
        TinkProtoKeysetFormat.parseKeyset(
            state.getAudit().getSigningKeyset().toByteArray(),
            InsecureSecretKeyAccess.get(),
            RegistryConfiguration.get());
    byte[] privateKey =
        ((Ed25519PrivateKey) handle.getPrimary().getKey())
            .getPrivateKeyBytes()
            .toByteArray(InsecureSecretKeyAccess.get());
    byte[] hmacKey = state.getAudit().getContextHmacKey().toByteArray();
    for (Path segment : LogFiles.segments(dir.resolve("audit"))) {
      byte[] bytes = Files.readAllBytes(segment);
      assertThat(indexOf(bytes, privateKey)).as("private key in " + segment).isEqualTo(-1);
      assertThat(indexOf(bytes, hmacKey)).as("HMAC key in " + segment).isEqualTo(-1);
      assertThat(indexOf(bytes, "secret-ish".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }
    String hex = java.util.HexFormat.of().formatHex(privateKey);
    assertThat(text)
        .doesNotContain(hex)
        .doesNotContain(Base64.getEncoder().encodeToString(privateKey));
    assertThat(text).doesNotContain(java.util.HexFormat.of().formatHex(hmacKey));
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
