package dev.coffer.engine.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869) for outputs of at most 32 bytes, with one HMAC instance per thread: every
 * put and get derives keys, and looking the algorithm up in the provider list each time cost more
 * than the derivation itself.
 */
final class Hkdf256 {
  private static final ThreadLocal<Mac> MAC =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("HmacSHA256 is unavailable", e);
            }
          });

  private Hkdf256() {}

  /** HKDF-Extract: the pseudorandom key. An empty salt means 32 zero bytes, as the RFC says. */
  static byte[] extract(byte[] salt, byte[] ikm) {
    Mac mac = MAC.get();
    try {
      mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
    return mac.doFinal(ikm);
  }

  /** HKDF-Expand for one block: the first 32 bytes of output. */
  static byte[] expand32(byte[] prk, byte[] info) {
    Mac mac = MAC.get();
    try {
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
    mac.update(info);
    mac.update((byte) 1);
    return mac.doFinal();
  }

  /** HKDF-SHA256 with a 32-byte output. */
  static byte[] derive(byte[] ikm, byte[] salt, byte[] info) {
    byte[] prk = extract(salt, ikm);
    try {
      return expand32(prk, info);
    } finally {
      java.util.Arrays.fill(prk, (byte) 0);
    }
  }
}
