package dev.coffer.keystore.internal.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Vault-style hashing of chosen encryption-context values: the log keeps {@code hmac-sha256:HEX},
 * the HMAC-SHA256 of the value under a key held in the keystore, so the value is not readable in
 * the log but an auditor who knows a value can compute its HMAC and search for it.
 */
final class ContextHasher {
  static final String PREFIX = "hmac-sha256:";

  private final Set<String> hashedKeys;
  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  ContextHasher(Set<String> hashedKeys, byte[] hmacKey) {
    this.hashedKeys = Set.copyOf(hashedKeys);
    this.key = new SecretKeySpec(hmacKey, "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  boolean hashes(String contextKey) {
    return !hashedKeys.isEmpty() && hashedKeys.contains(contextKey);
  }

  boolean hashesAny() {
    return !hashedKeys.isEmpty();
  }

  /** What the log shows for {@code value} under a hashed key. */
  String hash(String value) {
    Mac mac = macs.get();
    byte[] tag = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    return PREFIX + HexFormat.of().formatHex(tag);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "ContextHasher" + hashedKeys;
  }
}
