package dev.coffer.keystore.internal.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.EngineFactory;
import com.google.crypto.tink.subtle.Random;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM for one key, with exactly the ciphertexts of Tink's {@link AesGcmJce}: output prefix ‖
 * 12-byte random nonce ‖ ciphertext ‖ 16-byte tag, the associated data passed to GCM as given.
 * Either one decrypts what the other encrypts.
 *
 * <p>Why not AesGcmJce: it keeps one {@code Cipher} per thread for all keys, and the JDK expands an
 * AES key again whenever a {@code Cipher} is initialised with a key other than its previous one. A
 * thread that alternates keys (ReEncrypt decrypts under one version and encrypts under the next; a
 * rewrap job does that for every object) paid that key expansion on every call. Here each key has
 * its own {@code Cipher} per thread, so the JDK finds the same key each time and skips it.
 *
 * <p>The key is held in a {@link SecretKeySpec}, as AesGcmJce does; it never appears in {@code
 * toString} or in exception messages.
 */
public final class KeyBoundAesGcm implements Aead {
  private static final int NONCE_LENGTH = 12;
  private static final int TAG_LENGTH = 16;

  private final SecretKeySpec key;
  private final byte[] outputPrefix;
  private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(KeyBoundAesGcm::newCipher);

  private KeyBoundAesGcm(byte[] keyBytes, byte[] outputPrefix) throws GeneralSecurityException {
    // The same refusal as AesGcmJce: in FIPS mode only BoringCrypto's AES-GCM may be used.
    if (!AesGcmJce.FIPS.isCompatible()) {
      throw new GeneralSecurityException(
          "Can not use AES-GCM in FIPS-mode, as BoringCrypto module is not available.");
    }
    if (keyBytes.length != 16 && keyBytes.length != 32) {
      throw new GeneralSecurityException("AES-GCM key must be 16 or 32 bytes");
    }
    this.key = new SecretKeySpec(keyBytes, "AES");
    this.outputPrefix = outputPrefix;
  }

  /** The primitive of a Tink AES-GCM key, which must use 12-byte nonces and 16-byte tags. */
  public static KeyBoundAesGcm create(AesGcmKey tinkKey) throws GeneralSecurityException {
    if (tinkKey.getParameters().getIvSizeBytes() != NONCE_LENGTH
        || tinkKey.getParameters().getTagSizeBytes() != TAG_LENGTH) {
      throw new GeneralSecurityException("only 12-byte nonces and 16-byte tags are supported");
    }
    byte[] keyBytes = tinkKey.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
    try {
      return new KeyBoundAesGcm(keyBytes, tinkKey.getOutputPrefix().toByteArray());
    } finally {
      // SecretKeySpec keeps its own copy; this one would only linger on the heap.
      Arrays.fill(keyBytes, (byte) 0);
    }
  }

  /**
   * The primitive of a raw 16- or 32-byte key, without an output prefix (as Tink's {@code new
   * AesGcmJce(key)}). The caller's array may be zeroed afterwards.
   */
  public static KeyBoundAesGcm ofRawKey(byte[] keyBytes) throws GeneralSecurityException {
    return new KeyBoundAesGcm(keyBytes, new byte[0]);
  }

  private static Cipher newCipher() {
    try {
      return EngineFactory.CIPHER.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no AES/GCM/NoPadding cipher", e);
    }
  }

  @Override
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    Objects.requireNonNull(plaintext, "plaintext is null");
    int headerLength = outputPrefix.length + NONCE_LENGTH;
    if (plaintext.length > Integer.MAX_VALUE - headerLength - TAG_LENGTH) {
      throw new GeneralSecurityException("plaintext too long");
    }
    byte[] out = new byte[headerLength + plaintext.length + TAG_LENGTH];
    System.arraycopy(outputPrefix, 0, out, 0, outputPrefix.length);
    System.arraycopy(Random.randBytes(NONCE_LENGTH), 0, out, outputPrefix.length, NONCE_LENGTH);
    Cipher cipher = initialized(Cipher.ENCRYPT_MODE, out, associatedData);
    int written = cipher.doFinal(plaintext, 0, plaintext.length, out, headerLength);
    if (written != plaintext.length + TAG_LENGTH) {
      throw new GeneralSecurityException("unexpected AES-GCM output length");
    }
    return out;
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    Objects.requireNonNull(ciphertext, "ciphertext is null");
    int headerLength = outputPrefix.length + NONCE_LENGTH;
    if (ciphertext.length < headerLength + TAG_LENGTH) {
      throw new GeneralSecurityException("ciphertext too short");
    }
    for (int i = 0; i < outputPrefix.length; i++) {
      if (ciphertext[i] != outputPrefix[i]) {
        throw new GeneralSecurityException("Decryption failed (OutputPrefix mismatch).");
      }
    }
    Cipher cipher = initialized(Cipher.DECRYPT_MODE, ciphertext, associatedData);
    return cipher.doFinal(ciphertext, headerLength, ciphertext.length - headerLength);
  }

  /** This thread's cipher, set up for the nonce that follows the prefix in {@code message}. */
  private Cipher initialized(int mode, byte[] message, byte[] associatedData)
      throws GeneralSecurityException {
    Cipher cipher = ciphers.get();
    cipher.init(
        mode,
        key,
        new GCMParameterSpec(8 * TAG_LENGTH, message, outputPrefix.length, NONCE_LENGTH));
    if (associatedData != null && associatedData.length != 0) {
      cipher.updateAAD(associatedData);
    }
    return cipher;
  }

  @Override
  public String toString() {
    return "KeyBoundAesGcm[redacted]";
  }
}
