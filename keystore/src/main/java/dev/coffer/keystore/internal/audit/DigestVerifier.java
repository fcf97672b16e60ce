package dev.coffer.keystore.internal.audit;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.signature.SignatureConfig;
import com.google.crypto.tink.subtle.Ed25519Verify;
import com.google.crypto.tink.util.Bytes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks digest signatures with the public key alone, so a copy of the log can be verified without
 * any secret. Reads the key from either export: PEM (X.509 SubjectPublicKeyInfo) or a Tink public
 * keyset in JSON.
 */
final class DigestVerifier {
  /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), before the 32 key bytes. */
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  static {
    try {
      // Parsing a public keyset needs the Ed25519 key types registered.
      SignatureConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The length of every Ed25519 signature (RFC 8032); the cache key relies on it. */
  private static final int SIGNATURE_LENGTH = 64;

  private static final int CACHE_SIZE = 4096;

  private final byte[] publicKey;
  private final PublicKeyVerify verify;

  /**
   * Signatures this verifier has already checked (see {@link #cacheKey}). Per instance, not per
   * JVM: a log keeps one verifier for its life ({@link SigningKeys#verifier()}), and a verifier
   * built from an export serves one verification of a copy.
   */
  private final Map<String, Boolean> verified = new ConcurrentHashMap<>();

  DigestVerifier(byte[] publicKey) {
    this.publicKey = publicKey.clone();
    try {
      this.verify = Ed25519Verify.create(Ed25519PublicKey.create(Bytes.copyFrom(publicKey)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
  }

  /**
   * Parses an exported public key.
   *
   * @throws IllegalArgumentException if it is neither form
   */
  static DigestVerifier fromExport(String exported) {
    String text = exported.strip();
    if (text.startsWith("-----BEGIN PUBLIC KEY-----")) {
      String base64 =
          text.replace("-----BEGIN PUBLIC KEY-----", "")
              .replace("-----END PUBLIC KEY-----", "")
              .replaceAll("\\s", "");
      byte[] der = Base64.getDecoder().decode(base64);
      if (der.length != SPKI_PREFIX.length + 32
          || !Arrays.equals(Arrays.copyOf(der, SPKI_PREFIX.length), SPKI_PREFIX)) {
        throw new IllegalArgumentException("the PEM key is not an Ed25519 public key");
      }
      return new DigestVerifier(Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length));
    }
    try {
      KeysetHandle handle =
          TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(text, RegistryConfiguration.get());
      if (handle.size() != 1 || !(handle.getPrimary().getKey() instanceof Ed25519PublicKey key)) {
        throw new IllegalArgumentException("the keyset is not one Ed25519 public key");
      }
      return new DigestVerifier(key.getPublicKeyBytes().toByteArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PEM public key or a Tink public keyset in JSON", e);
    }
  }

  static byte[] signedBytes(byte[] statement) {
    byte[] label = SegmentFormat.DIGEST_LABEL;
    byte[] out = Arrays.copyOf(label, label.length + statement.length);
    System.arraycopy(statement, 0, out, label.length, statement.length);
    return out;
  }

  boolean verify(byte[] statement, byte[] signature) {
    if (signature.length != SIGNATURE_LENGTH) {
      // Before the cache: with signatures of any length, bytes moved from the front of a verified
      // statement to the end of its signature would hash to the same cache key (see cacheKey).
      return false;
    }
    String key = cacheKey(statement, signature);
    if (verified.containsKey(key)) {
      return true;
    }
    try {
      verify.verify(signature, signedBytes(statement));
    } catch (GeneralSecurityException e) {
      return false;
    }
    if (verified.size() >= CACHE_SIZE) {
      verified.clear();
    }
    verified.put(key, Boolean.TRUE);
    return true;
  }

  /**
   * Signatures already verified are kept by SHA-256 of key, signature and statement: verifying a
   * live log again (or many copies of one) then costs a hash per digest instead of an Ed25519
   * verification (about 0.25 ms). Only successes are kept, and the key binds all three inputs, so a
   * hit means exactly this signature over exactly this statement under exactly this key verified
   * before. That holds because the key (32 bytes, checked by Tink) and the signature (64, checked
   * in verify) have fixed lengths, so only one split of the hashed bytes is possible.
   */
  private String cacheKey(byte[] statement, byte[] signature) {
    MessageDigest sha256 = Chain.newSha256();
    sha256.update(publicKey);
    sha256.update(signature);
    sha256.update(statement);
    return HexFormat.of().formatHex(sha256.digest());
  }

  int cachedSignatures() {
    return verified.size();
  }

  byte[] publicKey() {
    return publicKey.clone();
  }

  static String pem(byte[] publicKey) {
    byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + publicKey.length);
    System.arraycopy(publicKey, 0, der, SPKI_PREFIX.length, publicKey.length);
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }
}
