package dev.coffer.keystore;

import java.util.Objects;

/**
 * Result of GenerateDataKey: the plaintext data key (zeroed on {@link #close()}) and the same key
 * wrapped under the master key. Store the wrapped form; use the plaintext and close it.
 */
public final class DataKey implements AutoCloseable {
  private final Plaintext plaintext;
  private final Ciphertext wrapped;

  public DataKey(Plaintext plaintext, Ciphertext wrapped) {
    this.plaintext = Objects.requireNonNull(plaintext, "plaintext");
    this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
  }

  public Plaintext plaintext() {
    return plaintext;
  }

  public Ciphertext wrapped() {
    return wrapped;
  }

  @Override
  public void close() {
    plaintext.close();
  }

  @Override
  public String toString() {
    return "DataKey[" + plaintext + ", " + wrapped + "]";
  }
}
