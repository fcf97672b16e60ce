package dev.coffer.bench;

import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.DataKey;
import dev.coffer.keystore.DecryptRequest;
import dev.coffer.keystore.Decrypted;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.ReEncryptRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The keystore's data-key operations next to the raw AES-256-GCM they are built on, in one class so
 * that a single run measures both on the same machine under the same load. The question the run
 * answers: how much does the keystore (key resolution, authorization, audit event, usage counting,
 * blob format) cost on top of the cipher itself.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class KeystoreBenchmark {
  /**
   * An application role, not an administrator: the default key policy delegates to identity
   * policies, and the role's identity policy allows the data-key operations, so every call is
   * authorized the way a real service's would be.
   */
  static final String PRINCIPAL = "arn:aws:iam::000000000000:role/InvoiceService";

  /**
   * What Coffer authenticates besides the context: this label and the blob header (format, key id,
   * version), as documented in the keystore's wrapped-key format.
   */
  static final byte[] COFFER_AAD_LABEL = "coffer/v1/wrap".getBytes(StandardCharsets.US_ASCII);

  static final int COFFER_BLOB_HEADER_BYTES = 21;

  static final int DATA_KEY_BYTES = 32;

  private Path directory;
  private Keystore keystore;
  private KeyService kms;
  private EncryptionContext context;
  private GenerateDataKeyRequest generateRequest;
  private DecryptRequest decryptRequest;
  private ReEncryptRequest reEncryptRequest;

  /** Raw baseline inputs, shared read-only by every thread. */
  private SecretKeySpec rawKey;

  private byte[] rawPlaintext;
  private byte[] rawAad;
  private byte[] rawSealed;

  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException, IOException {
    directory = Files.createTempDirectory("coffer-bench-");
    // Defaults throughout (key-file root key, discarding audit sink, no quotas, default usage
    // reservation block), so the figures are those of an embedder that configured nothing.
    keystore = Keystore.builder(directory).open();
    KeyService admin = keystore.as(Principal.accountRoot(Keystore.DEFAULT_ACCOUNT));
    KeyMetadata key = admin.createKey(CreateKeyRequest.defaults());
    String keyId = key.keyId();
    admin.putPrincipalPolicy(
        Principal.of(PRINCIPAL),
        "InvoiceService",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "[\"kms:GenerateDataKey\",\"kms:Decrypt\",\"kms:ReEncrypt*\"],\"Resource\":\""
            + key.arn()
            + "\"}]}");
    kms = keystore.as(Caller.of(PRINCIPAL));

    // Insertion order differs from canonical order on purpose: real callers build contexts from
    // maps in whatever order they have.
    Map<String, String> pairs = new LinkedHashMap<>();
    pairs.put("tenant", "acme");
    pairs.put("aws:s3:arn", "arn:aws:s3:::acme-invoices/2024/03/INV-000123.pdf");
    pairs.put("app", "billing");
    context = EncryptionContext.of(pairs);
    generateRequest = GenerateDataKeyRequest.of(keyId, context);

    // ReEncrypt measures the rewrap a rotation job does: a blob under version 1 moved to the
    // primary version 2 of the same key.
    byte[] underVersion1;
    try (DataKey old = kms.generateDataKey(generateRequest)) {
      underVersion1 = old.wrapped().blob();
    }
    admin.rotateKeyOnDemand(keyId);
    reEncryptRequest =
        ReEncryptRequest.builder()
            .ciphertextBlob(underVersion1)
            .sourceEncryptionContext(context)
            .destinationKeyId(keyId)
            .build();

    // Decrypt measures the common case: a blob under the primary version.
    try (DataKey current = kms.generateDataKey(generateRequest)) {
      decryptRequest = DecryptRequest.of(current.wrapped(), context);
    }

    SecureRandom random = new SecureRandom();
    byte[] keyBytes = new byte[32];
    random.nextBytes(keyBytes);
    rawKey = new SecretKeySpec(keyBytes, "AES");
    rawPlaintext = new byte[DATA_KEY_BYTES];
    random.nextBytes(rawPlaintext);
    // Same length as the AAD Coffer authenticates for this context, so GHASH does the same work.
    rawAad =
        ByteBuffer.allocate(
                COFFER_AAD_LABEL.length + COFFER_BLOB_HEADER_BYTES + context.canonicalLength())
            .put(COFFER_AAD_LABEL)
            .put(new byte[COFFER_BLOB_HEADER_BYTES])
            .put(context.canonicalBytes())
            .array();
    RawCipher setupCipher = new RawCipher();
    setupCipher.setUp();
    rawSealed = rawEncrypt(setupCipher);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (keystore != null) {
      keystore.close();
    }
    if (directory != null) {
      ScratchDirectories.delete(directory);
    }
  }

  /** Where the trial's keystore lives; for the smoke test to check that teardown removed it. */
  Path directory() {
    return directory;
  }

  /**
   * Per-thread cipher state. A {@link Cipher} is not thread-safe, and the keystore keeps one per
   * thread (and key version) and calls {@code init} on every operation; the baseline does the same.
   */
  @State(Scope.Thread)
  public static class RawCipher {
    static final String TRANSFORMATION = "AES/GCM/NoPadding";
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;

    Cipher cipher;
    SecureRandom random;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
      cipher = Cipher.getInstance(TRANSFORMATION);
      random = new SecureRandom();
    }
  }

  // ---- keystore

  @Benchmark
  public void generateDataKey(Blackhole bh) {
    try (DataKey dataKey = kms.generateDataKey(generateRequest)) {
      bh.consume(dataKey.wrapped());
    }
  }

  @Benchmark
  public void decrypt(Blackhole bh) {
    try (Decrypted decrypted = kms.decrypt(decryptRequest)) {
      bh.consume(decrypted.plaintext());
    }
  }

  @Benchmark
  public void reEncrypt(Blackhole bh) {
    bh.consume(kms.reEncrypt(reEncryptRequest));
  }

  /** What envelope encryption costs per object: a data key to write it, a decrypt to read it. */
  @Benchmark
  public void generateDataKeyThenDecrypt(Blackhole bh) {
    try (DataKey dataKey = kms.generateDataKey(generateRequest);
        Decrypted decrypted = kms.decrypt(DecryptRequest.of(dataKey.wrapped(), context))) {
      bh.consume(decrypted.plaintext());
    }
  }

  // ---- raw AES-256-GCM of 32 bytes, the floor the keystore operations stand on

  @Benchmark
  public void rawAesGcmEncrypt32(RawCipher raw, Blackhole bh) throws GeneralSecurityException {
    bh.consume(rawEncrypt(raw));
  }

  @Benchmark
  public void rawAesGcmDecrypt32(RawCipher raw, Blackhole bh) throws GeneralSecurityException {
    bh.consume(rawDecrypt(raw, rawSealed));
  }

  @Benchmark
  public void rawAesGcmPair(RawCipher raw, Blackhole bh) throws GeneralSecurityException {
    bh.consume(rawDecrypt(raw, rawEncrypt(raw)));
  }

  /** Nonce, then ciphertext and tag: Tink's layout, so the copies and allocations match too. */
  private byte[] rawEncrypt(RawCipher raw) throws GeneralSecurityException {
    byte[] nonce = new byte[RawCipher.NONCE_BYTES];
    raw.random.nextBytes(nonce);
    raw.cipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(RawCipher.TAG_BITS, nonce));
    raw.cipher.updateAAD(rawAad);
    byte[] out = new byte[RawCipher.NONCE_BYTES + raw.cipher.getOutputSize(rawPlaintext.length)];
    System.arraycopy(nonce, 0, out, 0, RawCipher.NONCE_BYTES);
    raw.cipher.doFinal(rawPlaintext, 0, rawPlaintext.length, out, RawCipher.NONCE_BYTES);
    return out;
  }

  private byte[] rawDecrypt(RawCipher raw, byte[] sealed) throws GeneralSecurityException {
    raw.cipher.init(
        Cipher.DECRYPT_MODE,
        rawKey,
        new GCMParameterSpec(RawCipher.TAG_BITS, sealed, 0, RawCipher.NONCE_BYTES));
    raw.cipher.updateAAD(rawAad);
    return raw.cipher.doFinal(sealed, RawCipher.NONCE_BYTES, sealed.length - RawCipher.NONCE_BYTES);
  }
}
