package dev.coffer.keystore;

import java.util.Arrays;
import java.util.Objects;

/**
 * Secret bytes (a plaintext data key, or a decrypted payload) that are zeroed on {@link #close()}.
 * Reading them takes an {@link InsecureSecretAccess} token. {@code toString} shows only the length.
 * Not thread-safe: one owner reads and closes it.
 */
public final class Plaintext implements AutoCloseable {
  private final byte[] bytes;
  private boolean destroyed;

  private Plaintext(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Takes ownership of {@code bytes}: the caller must not keep or change the array. */
  public static Plaintext adopt(byte[] bytes) {
    return new Plaintext(Objects.requireNonNull(bytes, "bytes"));
  }

  /** Copies {@code bytes}; the caller keeps (and should zero) its array. */
  public static Plaintext copyOf(byte[] bytes) {
    return new Plaintext(bytes.clone());
  }

  public int length() {
    return bytes.length;
  }

  /**
   * A copy of the secret bytes. The caller owns the copy and should zero it after use.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public byte[] toByteArray(InsecureSecretAccess access) {
    Objects.requireNonNull(access, "access");
    return checkedBytes().clone();
  }

  /**
   * The secret bytes themselves, without a copy, for code in this library that must hand them to a
   * cipher. Callers must not keep or modify the array.
   */
  public byte[] borrow(InsecureSecretAccess access) {
    Objects.requireNonNull(access, "access");
    return checkedBytes();
  }

  public boolean isDestroyed() {
    return destroyed;
  }

  /** Zeroes the bytes. Idempotent. */
  @Override
  public void close() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  private byte[] checkedBytes() {
    if (destroyed) {
      throw new IllegalStateException("plaintext was closed and zeroed");
    }
    return bytes;
  }

  @Override
  public String toString() {
    return "Plaintext[" + bytes.length + " bytes, redacted]";
  }
}
