package dev.coffer.keystore.internal.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;
import dev.coffer.format.v1.RootKeyBinding;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The 256-bit key that seals the keystore file, and the binding (stored in the file's header) that
 * says how to get it back. Two subkeys are derived with HKDF-SHA256 so that no key serves two
 * algorithms: one seals the state with AES-256-GCM, the other only produces the check value that
 * tells a wrong root key from a damaged file.
 */
public final class RootKey implements AutoCloseable {
  public static final int LENGTH = 32;
  private static final byte[] SEAL_INFO =
      "coffer/v1/keystore-seal".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CHECK_INFO =
      "coffer/v1/root-key-check".getBytes(StandardCharsets.UTF_8);

  private final RootKeyBinding binding;
  private final Aead seal;
  private final byte[] checkValue;

  /** Derives the subkeys from {@code key} and zeroes it. */
  public RootKey(byte[] key, RootKeyBinding binding) {
    this.binding = Objects.requireNonNull(binding, "binding");
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("root key must be " + LENGTH + " bytes");
    }
    byte[] sealKey = null;
    try {
      sealKey = Hkdf.computeHkdf("HMACSHA256", key, new byte[0], SEAL_INFO, LENGTH);
      this.seal = new AesGcmJce(sealKey);
      this.checkValue = Hkdf.computeHkdf("HMACSHA256", key, new byte[0], CHECK_INFO, LENGTH);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive keystore keys", e);
    } finally {
      Arrays.fill(key, (byte) 0);
      if (sealKey != null) {
        Arrays.fill(sealKey, (byte) 0);
      }
    }
  }

  public RootKeyBinding binding() {
    return binding;
  }

  /** A value that matches the one in the header only for the right root key. */
  public byte[] checkValue() {
    return checkValue.clone();
  }

  public byte[] seal(byte[] plaintext, byte[] associatedData) {
    try {
      return seal.encrypt(plaintext, associatedData);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal keystore state", e);
    }
  }

  public byte[] open(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    return seal.decrypt(ciphertext, associatedData);
  }

  @Override
  public void close() {
    Arrays.fill(checkValue, (byte) 0);
  }

  @Override
  public String toString() {
    return "RootKey[redacted]";
  }
}
