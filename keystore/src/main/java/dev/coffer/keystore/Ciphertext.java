package dev.coffer.keystore;

import java.util.Arrays;
import java.util.Objects;

/**
 * A ciphertext blob from Encrypt, GenerateDataKeyWithoutPlaintext or ReEncrypt, with the key and
 * version that made it. The blob is self-describing (see {@code WrappedKeyFormat}): Decrypt needs
 * nothing else but the encryption context.
 */
public final class Ciphertext {
  private final byte[] blob;
  private final String keyArn;
  private final int keyVersion;

  public Ciphertext(byte[] blob, String keyArn, int keyVersion) {
    this.blob = Objects.requireNonNull(blob, "blob").clone();
    this.keyArn = Objects.requireNonNull(keyArn, "keyArn");
    this.keyVersion = keyVersion;
  }

  /** A copy of the ciphertext blob. */
  public byte[] blob() {
    return blob.clone();
  }

  public String keyArn() {
    return keyArn;
  }

  public int keyVersion() {
    return keyVersion;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ciphertext c
        && Arrays.equals(c.blob, blob)
        && c.keyArn.equals(keyArn)
        && c.keyVersion == keyVersion;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(blob), keyArn, keyVersion);
  }

  @Override
  public String toString() {
    return "Ciphertext[" + blob.length + " bytes, " + keyArn + " v" + keyVersion + "]";
  }
}
