package dev.coffer.keystore;

import java.util.Objects;

/**
 * Result of ReEncrypt: the new ciphertext and the key version the old one was under. The plaintext
 * never left the keystore.
 */
public record ReEncrypted(Ciphertext ciphertext, String sourceKeyArn, int sourceKeyVersion) {
  public ReEncrypted {
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(sourceKeyArn, "sourceKeyArn");
  }
}
