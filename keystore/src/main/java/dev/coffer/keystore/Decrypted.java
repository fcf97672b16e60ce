package dev.coffer.keystore;

import java.util.Objects;

/**
 * Result of Decrypt: the plaintext (zeroed on {@link #close()}) and the key version that opened it.
 */
public final class Decrypted implements AutoCloseable {
  private final Plaintext plaintext;
  private final String keyArn;
  private final int keyVersion;

  public Decrypted(Plaintext plaintext, String keyArn, int keyVersion) {
    this.plaintext = Objects.requireNonNull(plaintext, "plaintext");
    this.keyArn = Objects.requireNonNull(keyArn, "keyArn");
    this.keyVersion = keyVersion;
  }

  public Plaintext plaintext() {
    return plaintext;
  }

  public String keyArn() {
    return keyArn;
  }

  public int keyVersion() {
    return keyVersion;
  }

  @Override
  public void close() {
    plaintext.close();
  }

  @Override
  public String toString() {
    return "Decrypted[" + plaintext + ", " + keyArn + " v" + keyVersion + "]";
  }
}
